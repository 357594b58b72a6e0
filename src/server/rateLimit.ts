import { isFlowwiseError } from '../core/FlowwiseError';

/** How long to wait after a 429 that names no wait: one minute, as Flowwise's analogue documents. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * How long Flowwise asked to wait, in milliseconds, when `error` is its 429 (`x-ratelimit-retry`
 * seconds, else one minute); `undefined` for any other error.
 */
export function rateLimitWaitMs(error: unknown): number | undefined {
  if (!(isFlowwiseError(error) && error.kind === 'http' && error.status === 429)) return undefined;
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
}
