import { FlowwiseError } from './FlowwiseError';

/**
 * `value` as a URL when it is an absolute `https:` URL (or `http:` on a loopback host) of at most 2048
 * characters with no credentials, whitespace, control characters or backslashes; else `undefined`.
 */
function safeUrl(value: unknown): URL | undefined {
  try {
    // The URL parser silently strips tabs and newlines and trims control characters, which is how
    // "java\tscript:" style payloads slip through other checks: refuse any of them outright.
    // eslint-disable-next-line no-control-regex
    if (typeof value === 'string' && value.length <= 2048 && !/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) {
      const url = new URL(value);
      // `https:` on any host, `http:` only on a loopback one, tested against the protocol and host name written together.
      if (/^(https:|http:(localhost|127(\.\d{1,3}){3}|\[::1\])$)/.test(url.protocol + url.hostname) && !url.username && !url.password) {
        return url;
      }
    }
  } catch {
    // Not an absolute URL.
  }
}

/**
 * Checks `checkoutOrigins` and returns each entry as the browser writes origins. An entry with a user
 * name (`https://payments.flowwise.com@evil.com` means host `evil.com`), a path, a query, a fragment or a
 * wildcard would allow something other than what it seems to say, so it is refused, never trimmed: a
 * FlowwiseError of kind `integration`, code `invalid_checkout_origins`.
 */
export function parseCheckoutOrigins(value: unknown): string[] {
  const refuse = (entry: unknown): never => {
    throw new FlowwiseError(
      'integration',
      `checkoutOrigins must list origins such as 'https://payments.flowwise.com', not ${JSON.stringify(entry)}.`,
      { code: 'invalid_checkout_origins' },
    );
  };
  if (!Array.isArray(value)) refuse(value);
  return (value as unknown[]).map((entry) => {
    const url = safeUrl(entry);
    return url && url.href === `${url.origin}/` && !url.host.includes('*') ? url.origin : refuse(entry);
  });
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
  const url = safeUrl(value);
  // Comparing origins, not strings, so "https://PAYMENTS.flowwise.com/" matches.
  if (url && parseCheckoutOrigins(checkoutOrigins).includes(url.origin)) return url.href;
  throw new FlowwiseError('unsafe_redirect', 'The payment page could not be verified, so you were not redirected.', {
    code: url ? 'origin_not_allowed' : 'invalid_url',
  });
}
