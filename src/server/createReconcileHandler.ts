import { reconcileOrders, type ReconcileOrdersOptions } from './reconcileOrders';
import { createResponder, defaultOnError, describeError } from './responses';
import { sameSecret } from './sameSecret';
import { isStoreFailure } from './storeFailure';
import type { FetchHandler, HandlerErrorReporter } from './types';

/** Options for {@link createReconcileHandler}: those of `reconcileOrders`, and the scheduler's secret. */
export interface CreateReconcileHandlerOptions extends Omit<ReconcileOrdersOptions, 'signal'> {
  /**
   * The secret the scheduler sends as `Authorization: Bearer <secret>`, at least 16 characters.
   * Defaults to `process.env.CRON_SECRET` (what Vercel Cron sends), read at each request, so that a
   * build with none set works; a request while none is set answers 500, does nothing, and logs one
   * line naming the variable.
   */
  secret?: string;
  /** Called when the run fails: 503 for the store, 500 otherwise. Defaults to one `console.error` line. */
  onError?: HandlerErrorReporter;
}

const MIN_SECRET_LENGTH = 16;

/**
 * Creates the endpoint a scheduler calls to reconcile orders: a Fetch handler for `GET` with
 * `Authorization: Bearer <secret>` (Vercel Cron, or any cron with curl). It runs one bounded
 * `reconcileOrders` (a batch at a time, starting nothing new after `timeBudgetMs`, 10 s unless told
 * otherwise) and answers its figures as JSON. A missing or wrong secret is 401 and does nothing (the
 * secret is compared in constant time); another method is 405; a store that fails is 503 with one
 * log line, and whatever the run had claimed comes due again when its lease runs out.
 *
 * @example
 * // app/api/flowwise/reconcile/route.ts, with a cron entry for this path in vercel.json
 * export const GET = createReconcileHandler({ client: flowwise, store, onPaid: fulfil }); // secret: process.env.CRON_SECRET
 */
export function createReconcileHandler(options: CreateReconcileHandlerOptions): FetchHandler {
  const { secret, onError = defaultOnError, ...reconcile } = options ?? ({} as CreateReconcileHandlerOptions);
  const weak = (value: unknown) => typeof value !== 'string' || value.length < MIN_SECRET_LENGTH;
  if (secret !== undefined && weak(secret)) {
    throw new TypeError(
      `createReconcileHandler(): secret must be a string of at least ${MIN_SECRET_LENGTH} characters, the one your scheduler sends ` +
        'as "Authorization: Bearer <secret>". Without it anyone could make the server call Flowwise.',
    );
  }
  const secretNow = () => secret ?? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.CRON_SECRET;
  if (typeof reconcile.client?.getOrder !== 'function' || typeof reconcile.store?.claimDue !== 'function') {
    throw new TypeError(
      'createReconcileHandler(): client and store are required: the client from createFlowwiseClient() and your order store.',
    );
  }
  if (typeof reconcile.onPaid !== 'function')
    throw new TypeError('createReconcileHandler(): onPaid is required: it fulfils each paid order.');

  return async function handleReconcile(request) {
    const { json, reject, fail } = createResponder(onError, (text) => text);
    if (request.method !== 'GET') {
      return reject(405, `Method ${request.method} is not allowed; use GET.`, 'method_not_allowed', 'invalid_request_error', undefined, {
        allow: 'GET',
      });
    }
    const expected = secretNow();
    if (weak(expected)) {
      const message = `createReconcileHandler(): CRON_SECRET is ${expected ? 'shorter than 16 characters' : 'not set'}: set it to the secret your scheduler sends as "Authorization: Bearer <secret>". Nothing was done.`;
      return fail(500, 'internal_error', new Error(message), message, 'Reconciling orders is not configured.');
    }
    const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (given === undefined || !(await sameSecret(given, expected!))) {
      return reject(
        401,
        'The Authorization header must be "Bearer <secret>" with the reconcile secret.',
        'unauthorized',
        'invalid_request_error',
        undefined,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    try {
      const result = await reconcileOrders({ ...reconcile, signal: request.signal });
      return json(200, result);
    } catch (error) {
      if (isStoreFailure(error))
        return fail(
          503,
          'store_unavailable',
          error,
          `Reconciling orders stopped: ${describeError(error)}`,
          'The order store could not be reached.',
        );
      return fail(500, 'internal_error', error, `Reconciling orders failed: ${describeError(error)}`, 'Reconciling orders failed.');
    }
  };
}
