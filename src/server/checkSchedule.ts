import type { OrderRecord } from './orderStore';

/** How long after its expiry an order is still checked, unless told otherwise: Flowwise may settle a payment late. */
export const DEFAULT_CHECK_GRACE_MS = 10 * 60_000;

/** When an order that Flowwise gave no expiry is last checked: a day after it was created. */
const NO_EXPIRY_MS = 24 * 60 * 60_000;

// How often an order is checked, by its age: most payments happen in the first minutes, so a
// young order is checked about every 20–40 s (Flowwise's analogue's advice for a store without
// webhooks), then less and less often, which keeps about 1,000 pending orders (two hours to live,
// 20 new a minute) within three quarters of 400 Get Order a minute (bench/reconcile.ts).
const STEPS: ReadonlyArray<readonly [ageUnderMs: number, everyMs: number]> = [
  [5 * 60_000, 30_000],
  [15 * 60_000, 60_000],
  [30 * 60_000, 5 * 60_000],
  [Infinity, 15 * 60_000],
];

/**
 * When an `active` order is next due for a background check, from `now`: every ~30 s in its first
 * 5 minutes, every ~60 s until 15, every ~5 minutes until 30, then every ~15 minutes, each with a
 * random third either way so that orders created together spread out; never past its expiry plus
 * `graceMs`, and `null` (no more checks) once that has passed. `random` is `Math.random` unless a
 * test gives another.
 */
export function nextCheckAt(
  record: Pick<OrderRecord, 'createdAt' | 'expiresAt'>,
  now: Date,
  { graceMs = DEFAULT_CHECK_GRACE_MS, random = Math.random }: { graceMs?: number; random?: () => number } = {},
): Date | null {
  const deadline = (record.expiresAt?.getTime() ?? record.createdAt.getTime() + NO_EXPIRY_MS) + graceMs;
  const at = now.getTime();
  if (at >= deadline) return null;
  const age = at - record.createdAt.getTime();
  const every = STEPS.find(([under]) => age < under)![1];
  const next = at + every * (2 / 3 + (2 / 3) * random());
  return new Date(Math.min(Math.round(next), deadline));
}
