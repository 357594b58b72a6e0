import type { SandboxCallKind, SandboxCallStats, SandboxRateLimits, SandboxStats } from './types';

export const CALL_KINDS = ['createOrder', 'getOrder', 'getOrderPayments'] as const satisfies readonly SandboxCallKind[];

/** Each kind of call by its name in the API reference, for messages. */
export const CALL_NAMES: Record<SandboxCallKind, string> = {
  createOrder: 'Create Order',
  getOrder: 'Get Order',
  getOrderPayments: 'Get All Payments for Order',
};

const MINUTE = 60_000;

/** The answer to one call: let through or not, and the `x-ratelimit-*` headers to send with it. */
export interface CallVerdict {
  admitted: boolean;
  /** Empty when the kind of call has no limit. */
  headers: Record<string, string>;
}

/** Checks `rateLimits` as given to `startSandbox()` or `configure()`. */
export function checkRateLimits(rateLimits: SandboxRateLimits | undefined): void {
  for (const [kind, limit] of Object.entries(rateLimits ?? {})) {
    if (!(CALL_KINDS as readonly string[]).includes(kind)) {
      throw new TypeError(`rateLimits has no kind of call ${JSON.stringify(kind)}; use ${CALL_KINDS.join(', ')}.`);
    }
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new RangeError(`rateLimits.${kind} must be a whole number of calls a minute (0 or more); got ${String(limit)}.`);
    }
  }
}

/**
 * Counts the sandbox's API calls per kind and holds them to per-minute limits, as Flowwise's gateway
 * does per account: each minute of the clock (from :00 to :59) starts a new count. A call over the
 * limit is refused and does not count towards the minute; it is counted in `rateLimited`.
 */
export class CallCounter {
  readonly #now: () => Date;
  #counts = new Map<SandboxCallKind, SandboxCallStats & { minute: number; inMinute: number }>();

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** Counts one call of `kind` now, and says whether `limit` (calls a minute; none when undefined) lets it through. */
  take(kind: SandboxCallKind, limit: number | undefined): CallVerdict {
    const time = this.#now().getTime();
    const minute = Math.floor(time / MINUTE);
    const count = this.#counts.get(kind) ?? { calls: 0, rateLimited: 0, peakPerMinute: 0, minute, inMinute: 0 };
    this.#counts.set(kind, count);
    if (count.minute !== minute) Object.assign(count, { minute, inMinute: 0 });
    count.calls += 1;
    if (limit !== undefined && count.inMinute >= limit) {
      count.rateLimited += 1;
      const retry = Math.ceil(((minute + 1) * MINUTE - time) / 1000);
      return {
        admitted: false,
        headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-retry': String(retry) },
      };
    }
    count.inMinute += 1;
    count.peakPerMinute = Math.max(count.peakPerMinute, count.inMinute);
    if (limit === undefined) return { admitted: true, headers: {} };
    return { admitted: true, headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit - count.inMinute) } };
  }

  /** Every kind's counts so far, as a new object. */
  stats(): SandboxStats {
    const stats = {} as SandboxStats;
    for (const kind of CALL_KINDS) {
      const { calls = 0, rateLimited = 0, peakPerMinute = 0 } = this.#counts.get(kind) ?? {};
      stats[kind] = { calls, rateLimited, peakPerMinute };
    }
    return stats;
  }

  /** Forgets every count. */
  reset(): void {
    this.#counts = new Map();
  }
}
