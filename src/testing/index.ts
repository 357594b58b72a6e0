export { createOrderHandlers, createOrderScenarios, MOCK_REQUEST_ID } from './createOrderHandlers';
export type { CreateOrderHandlersOptions, CreateOrderScenario } from './createOrderHandlers';
export {
  buildCreateOrderRequest,
  buildCreateOrderResponse,
  buildOrderPayment,
  buildOrderSummary,
  exampleErrorResponses,
  mockCheckoutUrl,
  MOCK_CHECKOUT_ORIGIN,
} from './fixtures';
export { orderStatusHandlers, orderStatusScenarios } from './orderStatusHandlers';
export type { OrderStatusHandlersOptions, OrderStatusScenario } from './orderStatusHandlers';
