// The Flowwise API's bodies as zod (`zod/mini`) schemas: strict where the package sends, tolerant where it reads.
export { orderIdSchema } from './orderId';
export { errorResponseSchema, type FlowwiseErrorResponse } from './errorResponse';
export {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type CustomerDetails,
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
