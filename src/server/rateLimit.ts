import { isFlowwiseError } from '../core/FlowwiseError';
import { DEFAULT_RETRY_AFTER_MS } from '../core/retryAfter';

/**
 * How long Flowwise asked to wait, in milliseconds, when `error` is its 429 (the client's
 * `retryAfterMs`, from `x-ratelimit-retry`; else one minute); `undefined` for any other error.
 */
export function rateLimitWaitMs(error: unknown): number | undefined {
  if (!(isFlowwiseError(error) && error.kind === 'http' && error.status === 429)) return undefined;
  return error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
}
