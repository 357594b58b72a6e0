import { LOOPBACK, parseCheckoutOrigins } from './config';
import { FlowwiseError } from './FlowwiseError';

function unsafe(code: 'invalid_url' | 'origin_not_allowed'): FlowwiseError {
  return new FlowwiseError(
    'unsafe_redirect',
    'The payment page could not be verified, so you were not redirected.',
    { code },
  );
}

/**
 * Checks a `checkout_url` before the shopper is sent there, and returns the URL to navigate to.
 * It must be an absolute `https:` URL (or an `http:` loopback URL whose origin is listed) of at most
 * 2048 characters, with no credentials, whitespace, control characters or backslashes (code
 * `invalid_url`), and its origin must be one of `checkoutOrigins` (code `origin_not_allowed`).
 * Anything else is a `FlowwiseError` of kind `unsafe_redirect`; `checkoutOrigins` itself must be a list of
 * bare origins (else kind `integration`).
 *
 * @example
 * const href = verifyCheckoutUrl(response.checkout_url, ['https://payments.flowwise.com']);
 */
export function verifyCheckoutUrl(value: unknown, checkoutOrigins: readonly string[]): string {
  let url: URL | undefined;
  try {
    // The URL parser silently strips tabs and newlines and trims control characters, which is how
    // "java\tscript:" style payloads slip through other checks: refuse any of them outright.
    // eslint-disable-next-line no-control-regex
    if (typeof value == 'string' && value.length <= 2048 && !/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) {
      url = new URL(value);
    }
  } catch {
    // Not an absolute URL.
  }
  const protocol = url?.protocol;
  if (!url || !(protocol == 'https:' || (protocol == 'http:' && LOOPBACK.test(url.hostname))) || url.username || url.password) {
    throw unsafe('invalid_url');
  }
  // Comparing origins, not strings, so "https://PAYMENTS.flowwise.com/" matches.
  if (!parseCheckoutOrigins(checkoutOrigins).includes(url.origin)) throw unsafe('origin_not_allowed');
  return url.href;
}
