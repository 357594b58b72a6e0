// The Flowwise API's bodies as zod (`zod/mini`) schemas: strict where the package sends, tolerant where it reads.
export { orderIdSchema } from './rules';
export {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type CustomerDetails,
  type FlowwiseErrorResponse,
} from './createOrder';
export {
  getOrderResponseSchema,
  orderPaymentSchema,
  orderPaymentsSchema,
  orderSummarySchema,
  type GetOrderResponse,
  type OrderOutcome,
  type OrderPayment,
  type OrderPayments,
  type OrderStatusValue,
  type OrderSummary,
  type PaymentStatusValue,
} from './orderStatus';
