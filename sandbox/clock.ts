/** A clock that reads `base` and can be moved on: what the sandbox keeps time by. */
export class MovableClock {
  readonly #base: () => Date;
  #offset = 0;

  constructor(base: () => Date) {
    this.#base = base;
  }

  /** `base()` plus every `advance()` since the start or the last `reset()`. */
  readonly now = (): Date => new Date(this.#base().getTime() + this.#offset);

  /** Moves the clock on by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`clock.advance() takes a number of milliseconds (0 or more); got ${String(ms)}.`);
    }
    this.#offset += ms;
  }

  /** Takes the clock back to `base()`. */
  reset(): void {
    this.#offset = 0;
  }
}
