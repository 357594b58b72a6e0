/** The sandbox's waits (latency, a hung request), each cut short when the sandbox closes. */
export class Waits {
  readonly #pending = new Set<() => void>();

  /** Waits `ms`, or less if the sandbox closes meanwhile. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#pending.add(done);
    });
  }

  /** Waits until the sandbox closes. */
  forever(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#pending.delete(done);
        resolve();
      };
      this.#pending.add(done);
    });
  }

  /** Ends every wait. */
  releaseAll(): void {
    for (const release of [...this.#pending]) release();
  }
}
