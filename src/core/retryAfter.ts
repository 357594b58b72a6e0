/** How long to wait after a 429 that names no wait: Flowwise's documented default, one minute. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * How long an answer asks the caller to wait before asking again, in milliseconds: Flowwise's
 * `x-ratelimit-retry` (seconds) when it is there, else the standard `Retry-After` (seconds, or an HTTP
 * date); `undefined` when neither names a wait still to come. The one reading of both headers, for the
 * server client (a 429 from Flowwise) and the browser (the status endpoint's answer).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const text = headers.get('x-ratelimit-retry') ?? headers.get('retry-after');
  if (!text?.trim()) return undefined;
  const seconds = Number(text);
  const ms = Number.isNaN(seconds) ? Date.parse(text) - now : seconds * 1000;
  return ms > 0 ? Math.ceil(ms) : undefined;
}
