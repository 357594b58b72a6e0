import { timingSafeEqual } from 'node:crypto';

/** `given === expected`, in a time that does not depend on where they differ. */
export function sameSecret(given: string | string[] | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
