/**
 * The merchant side of a Flowwise checkout, for the server only (it holds the client secret): the Flowwise client,
 * the order and status route handlers, the order stores, fulfilment and reconciliation.
 *
 * @packageDocumentation
 * @module @flowwise/react/server
 */
// The merchant side of a Flowwise checkout, for your server only: it holds the client secret.
// Importing it in a browser bundle resolves to ./browser.ts, which throws (see package.json "exports").
// Schemas, FlowwiseError and isFlowwiseError come from "@flowwise/react", which is safe on a server too.
export { createFlowwiseClient } from './createFlowwiseClient';
export type { FlowwiseClient, FlowwiseClientCallOptions, FlowwiseClientOptions } from './createFlowwiseClient';
export { FLOWWISE_BASE_URLS } from './upstream';
export type { FlowwiseEnvironment } from './upstream';
export { createOrderHandler } from './createOrderHandler';
export type { CreateOrderHandlerOptions, PreparedOrder } from './createOrderHandler';
export { createOrderStatusHandler } from './createOrderStatusHandler';
export { orderOutcome } from './orderOutcome';
export type { CreateOrderStatusHandlerOptions } from './createOrderStatusHandler';
export type { FetchHandler, HandlerErrorInfo, HandlerErrorReporter } from './types';
export { createMemoryOrderStore } from './memoryOrderStore';
export type { MemoryOrderStoreOptions } from './memoryOrderStore';
export { createPostgresOrderStore } from './postgresOrderStore';
export type { PostgresOrderStoreOptions } from './postgresOrderStore';
export { ORDER_STORE_SCHEMA_VERSION, ORDER_STORE_SQL } from './postgresOrderSchema';
export type { SqlDatabase } from './postgresOrderSchema';
export type {
  FulfilmentState,
  NewOrderRecord,
  OrderIdSource,
  OrderInsertResult,
  OrderRead,
  OrderRecord,
  OrderRecordStatus,
  OrderReviewReason,
  OrderStore,
  OrderStoreClock,
  CallGrant,
} from './orderStore';
export type { StoreFailureCode } from './storeFailure';
export type { OrderReview } from './checkOrder';
export type { OnPaid, PaidOrder } from './fulfilOrder';
export { reconcileOrders } from './reconcileOrders';
export type { ReconcileOrdersOptions, ReconcileResult } from './reconcileOrders';
export { createReconcileHandler } from './createReconcileHandler';
export type { CreateReconcileHandlerOptions } from './createReconcileHandler';
export { startReconciler } from './startReconciler';
export type { Reconciler, StartReconcilerOptions } from './startReconciler';
export { createCallBudgets, DEFAULT_CALL_BUDGETS } from './callBudgets';
export type { CallBudgets, CallBudgetsOptions, CallPriority, FlowwiseCallKind } from './callBudgets';
export type { OwnerRule } from './ownerOf';
export { toNodeHandler } from './toNodeHandler';
export type { NodeHandler } from './toNodeHandler';
