import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';

/**
 * The codes of a store failure, each a `FlowwiseError` of kind `integration` (the store's own setup,
 * which the shopper cannot fix): `store_unavailable` (the database could not be reached or a query
 * failed) and `store_schema_mismatch` (its table is not one this version can use; the message names
 * the SQL to run). The handlers answer either with 503 `store_unavailable`.
 */
export type StoreFailureCode = 'store_unavailable' | 'store_schema_mismatch';

/** `error` as a store failure: itself when it already is one, else `store_unavailable` naming what was being done. */
export function storeFailure(error: unknown, what: string): FlowwiseError {
  if (isStoreFailure(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new FlowwiseError('integration', `The order store failed while ${what}: ${reason}`, { code: 'store_unavailable', cause: error });
}

/** Whether `error` is a store failure (see {@link StoreFailureCode}). */
export function isStoreFailure(error: unknown): error is FlowwiseError {
  return isFlowwiseError(error) && (error.code === 'store_unavailable' || error.code === 'store_schema_mismatch');
}
