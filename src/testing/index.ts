export { mockCreateOrderEndpoint, createOrderScenarios, MOCK_REQUEST_ID } from './mockCreateOrderEndpoint';
export type { MockCreateOrderEndpointOptions, CreateOrderScenario } from './mockCreateOrderEndpoint';
export {
  buildCreateOrderRequest,
  buildCreateOrderResponse,
  buildOrderPayment,
  buildOrderSummary,
  exampleErrorResponses,
  mockCheckoutUrl,
  MOCK_CHECKOUT_ORIGIN,
} from './fixtures';
export { mockOrderStatusEndpoint, orderStatusScenarios } from './mockOrderStatusEndpoint';
export type { MockOrderStatusEndpointOptions, OrderStatusScenario } from './mockOrderStatusEndpoint';
