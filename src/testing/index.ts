/**
 * Test helpers: msw handlers that mock the store's order and status endpoints, and fixtures built from the Flowwise
 * reference examples.
 *
 * @packageDocumentation
 * @module @flowwise/react/testing
 */
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
