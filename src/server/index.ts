// The merchant side of a Flowwise checkout, for your server only: it holds the client secret.
// Importing it in a browser bundle resolves to ./browser.ts, which throws (see package.json "exports").
export { createFlowwiseClient, FLOWWISE_BASE_URLS } from './createFlowwiseClient';
export type { FlowwiseClient, FlowwiseClientCallOptions, FlowwiseClientOptions, FlowwiseEnvironment } from './createFlowwiseClient';
export { createOrderHandler } from './createOrderHandler';
export type { CreateOrderHandlerOptions, FetchHandler, PreparedOrder } from './createOrderHandler';
export type { PayloadSchema } from '../core/validate';
export { createOrderStatusHandler, orderOutcome } from './createOrderStatusHandler';
export type { CreateOrderStatusHandlerOptions } from './createOrderStatusHandler';
export type { HandlerErrorInfo, HandlerErrorReporter } from './answer';
export { toNodeHandler } from './toNodeHandler';
export type { NodeHandler } from './toNodeHandler';

export {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  getOrderResponseSchema,
  orderIdSchema,
  orderPaymentSchema,
  orderSummarySchema,
  orderPaymentsSchema,
} from '../schemas';
export type {
  CreateOrderRequest,
  CreateOrderResponse,
  CustomerDetails,
  FlowwiseErrorResponse,
  OrderStatusValue,
  OrderOutcome,
  OrderSummary,
  PaymentStatusValue,
  GetOrderResponse,
  OrderPayment,
  OrderPayments,
} from '../schemas';
export { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';
export type { FlowwiseErrorKind, FlowwiseErrorOptions, FlowwiseIssue } from '../core/FlowwiseError';
