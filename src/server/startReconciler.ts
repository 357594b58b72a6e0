import { reconcileOrders, type ReconcileOrdersOptions, type ReconcileResult } from './reconcileOrders';
import { describeError } from './responses';

/** Options for {@link startReconciler}: those of `reconcileOrders`, and the loop's own. */
export interface StartReconcilerOptions extends Omit<ReconcileOrdersOptions, 'signal'> {
  /** The pause between runs when nothing more is due, in ms. Defaults to `5000`. */
  intervalMs?: number;
  /** Signals that stop the loop (the order in hand is finished first). Defaults to `['SIGTERM', 'SIGINT']`; `[]` for none. */
  stopOn?: NodeJS.Signals[];
  /** Called after each run, with its figures. Defaults to none. */
  onRun?: (result: ReconcileResult) => void;
  /** Called when a run failed (the store could not be reached); the loop waits and goes on. Defaults to one `console.error` line. */
  onRunError?: (error: unknown) => void;
}

/** A running reconciler loop. */
export interface Reconciler {
  /** Stops the loop: no new order is started, the one in hand is finished. Resolves once it has. */
  stop(): Promise<void>;
}

/** The longest pause after failed runs in a row: the store is tried again at least this often. */
const MAX_FAILURE_PAUSE_MS = 60_000;

/**
 * Runs `reconcileOrders` over and over in this process, for a long-running Node server: at once
 * while orders are due, then every `intervalMs`. On `SIGTERM` (or `SIGINT`) it finishes the order in
 * hand and stops; when nothing else listens for that signal, it is raised again so the process exits
 * as it would have. A failed run is logged in one line and tried again after a pause that grows to a
 * minute. Start one per process: any number of processes may share one store.
 *
 * @example
 * const reconciler = startReconciler({ client: flowwise, store, onPaid: fulfil });
 */
export function startReconciler(options: StartReconcilerOptions): Reconciler {
  const {
    intervalMs = 5000,
    stopOn = ['SIGTERM', 'SIGINT'],
    onRun,
    onRunError = (error) => console.error(`[@flowwise/react/server] startReconciler(): a run failed: ${describeError(error)}`),
    ...reconcile
  } = options;
  const batchSize = reconcile.batchSize ?? 25;
  const controller = new AbortController();
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((done) => {
      const timer = setTimeout(done, ms);
      wake = () => (clearTimeout(timer), done());
    });

  const loop = (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      let wait = intervalMs;
      try {
        const result = await reconcileOrders({ ...reconcile, signal: controller.signal });
        failures = 0;
        onRun?.(result);
        // More may be due at once: a full load that nothing held back.
        if (result.claimed >= batchSize && result.deferred === 0) wait = 0;
      } catch (error) {
        failures += 1;
        onRunError(error);
        wait = Math.min(intervalMs * 2 ** failures, MAX_FAILURE_PAUSE_MS);
      }
      if (!controller.signal.aborted) await pause(wait);
    }
  })();

  const process_ = (globalThis as { process?: NodeJS.Process }).process;
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().then(() => {
      // Ours was the only listener: do what Node does for an unhandled signal, now that the order in hand is done.
      if (process_ && process_.listenerCount(signal) === 0) process_.kill(process_.pid, signal);
    });
  };
  for (const signal of stopOn) process_?.once(signal, onSignal);

  async function stop() {
    for (const signal of stopOn) process_?.off(signal, onSignal);
    controller.abort();
    wake?.();
    await loop;
  }
  return { stop };
}
