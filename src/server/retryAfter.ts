/** How long to wait after a 429 when Flowwise does not say: its documented default, one minute. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * How many seconds a 429 answer asks to wait: Flowwise's `x-ratelimit-retry` (seconds), else the
 * standard `Retry-After` (seconds, or an HTTP date), else 60. Always a whole number, at least 1.
 */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number {
  for (const value of [headers.get('x-ratelimit-retry'), headers.get('retry-after')]) {
    const text = value?.trim() ?? '';
    if (/^\d+(\.\d+)?$/.test(text)) return Math.max(1, Math.ceil(Number(text)));
    const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
    if (Number.isFinite(date)) return Math.max(1, Math.ceil((date - now) / 1000));
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}
