import { FlowwiseError } from './FlowwiseError';

const MAX_URL_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Normalises configured origins; entries that are not an https origin (or an http loopback one) are ignored. */
function allowedOriginSet(origins: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const origin of origins) {
    try {
      const url = new URL(origin);
      if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) set.add(url.origin);
    } catch {
      // Not a URL: it can never match, so it is simply not added.
    }
  }
  return set;
}

function unsafe(reason: string): FlowwiseError {
  return new FlowwiseError(
    'unsafe_redirect',
    'The payment page address could not be verified, so you have not been redirected. Please contact the store.',
    { code: reason },
  );
}

/**
 * Checks a `checkout_url` before the shopper is sent there, and returns the URL to navigate to.
 * It must be an absolute `https:` URL (or an `http:` loopback URL whose origin is listed) with no
 * credentials, whitespace, control characters or backslashes, and its origin must be one of
 * `checkoutOrigins`. Anything else is a `FlowwiseError` of kind `unsafe_redirect`.
 *
 * @example
 * const href = verifyCheckoutUrl(response.checkout_url, ['https://payments.flowwise.com']);
 */
export function verifyCheckoutUrl(value: unknown, checkoutOrigins: readonly string[]): string {
  if (typeof value !== 'string' || value.length === 0) throw unsafe('missing_url');
  if (value.length > MAX_URL_LENGTH) throw unsafe('url_too_long');
  // The URL parser silently strips tabs and newlines and trims control characters, which is how
  // "java\tscript:" style payloads slip through other checks: refuse any of them outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) throw unsafe('illegal_characters');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw unsafe('not_absolute');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw unsafe('insecure_protocol');
  }
  if (url.username || url.password) throw unsafe('credentials_in_url');
  if (!allowedOriginSet(checkoutOrigins).has(url.origin)) throw unsafe('origin_not_allowed');
  return url.href;
}
