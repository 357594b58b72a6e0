export { createOrderHandlers, createOrderScenarios, MOCK_REQUEST_ID } from './createOrderHandlers';
export type { CreateOrderHandlersOptions, CreateOrderScenario } from './createOrderHandlers';
export {
  buildCreateOrderRequest,
  buildCreateOrderResponse,
  exampleErrorResponses,
  mockCheckoutUrl,
  MOCK_CHECKOUT_ORIGIN,
} from './fixtures';
