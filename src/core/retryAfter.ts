/** How long to wait after a 429 that names no wait: Flowwise's documented default, one minute. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * How long an answer asks the caller to wait before asking again, in milliseconds: Flowwise's
 * `x-ratelimit-retry` (seconds), else the standard `Retry-After` (seconds, or an HTTP date); `undefined`
 * when it names no wait still to come. The one reading of both headers, for the server client (a 429
 * from Flowwise) and the browser (the status endpoint's answer).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  for (const value of [headers.get('x-ratelimit-retry'), headers.get('retry-after')]) {
    const text = value?.trim() ?? '';
    if (!text) continue;
    const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : /[a-z]/i.test(text) ? Date.parse(text) - now : NaN;
    if (Number.isFinite(ms)) return ms > 0 ? Math.ceil(ms) : undefined;
  }
  return undefined;
}
