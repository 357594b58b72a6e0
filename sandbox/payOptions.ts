const KEYS = new Set(['method', 'fail', 'settleAfterMs']);

/**
 * What is wrong with `value` as `SandboxPayOptions` (from `sandbox.pay()` or the JSON body of
 * `POST /__sandbox/orders/:order_id/pay`), or `undefined` when nothing is.
 */
export function payOptionsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The pay options must be an object.';
  const unknown = Object.keys(value).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) return `Unknown pay option(s): ${unknown.join(', ')}; use method, fail or settleAfterMs.`;
  const { method, fail, settleAfterMs } = value as Record<string, unknown>;
  if (method !== undefined && method !== 'card' && method !== 'upi')
    return `method must be "card" or "upi"; got ${JSON.stringify(method)}.`;
  if (fail !== undefined && typeof fail !== 'boolean') return `fail must be true or false; got ${JSON.stringify(fail)}.`;
  if (settleAfterMs !== undefined) {
    if (method !== 'upi') return 'settleAfterMs applies only with method "upi": a card payment settles at once.';
    if (!(typeof settleAfterMs === 'number' && Number.isFinite(settleAfterMs) && settleAfterMs >= 0)) {
      return `settleAfterMs must be a number of milliseconds (0 or more); got ${JSON.stringify(settleAfterMs)}.`;
    }
  }
  return undefined;
}
