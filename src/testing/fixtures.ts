import type { CreateOrderRequest, CreateOrderResponse, FlowwiseErrorResponse, OrderSummary } from '../schemas';

/** The origin the mocks put `checkout_url` on: the package's default allowed checkout origin. */
export const MOCK_CHECKOUT_ORIGIN = 'https://payments.flowwise.com';

/** The `payment_methods` Flowwise answers for an order that names none (the reference example's list). */
export const DEFAULT_PAYMENT_METHODS = 'cc,dc,upi,nb,wallet';

/** The error page a proxy in front of Flowwise sends with a 502, for the mocks' and the sandbox's `html` answers. */
export const BAD_GATEWAY_HTML = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1><p>The upstream server did not respond.</p></body></html>
`;

// The examples from the Flowwise Create Order reference (spec/flowwise-create-order.openapi.yaml).
const exampleRequest: CreateOrderRequest = {
  order_id: 'order_summer_fashion_001',
  order_amount: 2299.5,
  order_currency: 'INR',
  customer_details: {
    customer_email: 'priya.sharma@example.com',
    customer_phone: '+919876543210',
    customer_address: '123 Connaught Place, New Delhi, Delhi 110001, India',
    customer_id: 'cust_priya_sharma_2024',
  },
  payment_methods: DEFAULT_PAYMENT_METHODS,
  expiry_time_in_minutes: 120,
  order_note: 'Summer collection dress - Medium size, Blue color',
  order_tags: {
    source: 'mobile_app',
    campaign: 'summer_sale_2024',
    customer_segment: 'premium',
  },
  return_base_url: 'https://mystore.com/payment-success',
};

const exampleResponse: CreateOrderResponse = {
  order_id: 'order_summer_fashion_001',
  project_id: 'proj_fashion_store_2024',
  customer_email: 'priya.sharma@example.com',
  customer_id: 'cust_priya_sharma_2024',
  order_status: 'ACTIVE',
  order_currency: 'INR',
  payment_methods: DEFAULT_PAYMENT_METHODS,
  order_note: 'Summer collection dress - Medium size, Blue color',
  checkout_url: 'https://payments.flowwise.com/checkout/order_summer_fashion_001',
  order_hash: 'a7f8e3d2c1b9f4e6d8a2c5b7f9e3d1a8',
  order_expiry_time: '2024-12-03T16:30:00Z',
  added_on: '2024-12-03T14:30:00Z',
};

/** The documented error bodies, by the status Flowwise returns them with. */
export const exampleErrorResponses = {
  400: {
    message: 'Invalid order amount. Amount must be greater than 0',
    code: 'invalid_amount',
    type: 'validation_error',
  },
  401: {
    message: 'Invalid API credentials provided',
    code: 'unauthorized',
    type: 'authentication_error',
  },
  500: {
    message: 'Internal server error occurred while creating order',
    code: 'internal_error',
    type: 'server_error',
  },
} as const satisfies Record<number, FlowwiseErrorResponse>;

/** The checkout URL the mocks return for `orderId`. */
export function mockCheckoutUrl(orderId: string): string {
  return `${MOCK_CHECKOUT_ORIGIN}/checkout/${encodeURIComponent(orderId)}`;
}

/**
 * A valid order to post, based on the Flowwise reference example. `overrides` replace top-level
 * fields (pass a whole `customer_details` object to change the customer). Each call returns a new
 * object, so a test can change it freely.
 *
 * @example
 * const order = buildCreateOrderRequest({ order_id: 'order_42', order_amount: 499 });
 */
export function buildCreateOrderRequest(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  return { ...structuredClone(exampleRequest), ...structuredClone(overrides) };
}

/**
 * A valid `POST /orders` response, based on the Flowwise reference example. `overrides` replace
 * top-level fields; when `order_id` is overridden and `checkout_url` is not, the URL follows the new
 * id, on `https://payments.flowwise.com` (allowed by default). Each call returns a new object.
 *
 * @example
 * const response = buildCreateOrderResponse({ order_id: 'order_42' });
 * response.checkout_url; // 'https://payments.flowwise.com/checkout/order_42'
 */
export function buildCreateOrderResponse(overrides: Partial<CreateOrderResponse> = {}): CreateOrderResponse {
  const response = { ...structuredClone(exampleResponse), ...structuredClone(overrides) };
  if (overrides.order_id !== undefined && overrides.checkout_url === undefined) {
    response.checkout_url = mockCheckoutUrl(overrides.order_id);
  }
  return response;
}

/**
 * One payment attempt as the status handler lists it in an `OrderSummary`, based on the Flowwise reference
 * example (a successful UPI payment of the example order). `overrides` replace fields; each call returns
 * a new object.
 *
 * @example
 * const failed = buildOrderPayment({ payment_id: 'pay_2', status: 'FAILED', payment_method: 'card' });
 */
export function buildOrderPayment(overrides: Partial<OrderSummary['payments'][number]> = {}): OrderSummary['payments'][number] {
  return {
    payment_id: 'pay_summer_fashion_001_upi',
    status: 'SUCCESS',
    payment_method: 'upi',
    payment_amount: 2299.5,
    payment_currency: 'INR',
    ...structuredClone(overrides),
  };
}

/**
 * What the status handler answers about an order (`OrderSummary`), based on the Flowwise reference
 * example: by default the example order, paid by UPI (`order_status` PAID, `outcome` paid, one SUCCESS
 * payment, no `checkout_url` since a paid order has nothing left to check out). `overrides` replace
 * top-level fields (pass a whole `payments` array to change the attempts); each call returns a new object.
 *
 * @example
 * const failed = buildOrderSummary({
 *   order_status: 'ACTIVE',
 *   outcome: 'failed',
 *   checkout_url: mockCheckoutUrl('order_summer_fashion_001'),
 *   payments: [buildOrderPayment({ status: 'FAILED' })],
 * });
 */
export function buildOrderSummary(overrides: Partial<OrderSummary> = {}): OrderSummary {
  return {
    order_id: exampleResponse.order_id,
    order_status: 'PAID',
    outcome: 'paid',
    order_expiry_time: exampleResponse.order_expiry_time,
    payments: [buildOrderPayment()],
    ...structuredClone(overrides),
  };
}
