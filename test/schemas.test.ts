import {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  getOrderResponseSchema,
  orderIdSchema,
  orderPaymentSchema,
  orderPaymentsSchema,
  type CreateOrderRequest,
  type OrderStatusValue,
  type PaymentStatusValue,
  type GetOrderResponse,
} from '@flowwise/react';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  errorExamples,
  getOrderExample,
  paymentsExample,
  requestExample,
  responseExample,
  specValidator,
  statusComponentSchemas,
} from './spec';

const valid: CreateOrderRequest = structuredClone(requestExample);

function messagesFor(input: unknown): string[] {
  const result = createOrderRequestSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('createOrderRequestSchema', () => {
  it('parses the spec example request unchanged', () => {
    const result = createOrderRequestSchema.safeParse(requestExample);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(requestExample);
  });

  it.each(['order_id', 'order_amount', 'order_currency', 'customer_details'])('requires %s', (field) => {
    const order: Record<string, unknown> = { ...valid };
    delete order[field];
    expect(messagesFor(order)).toEqual([`${field}: ${field} is required`]);
  });

  it.each([
    [0, 'order_amount: order_amount must be at least 0.01'],
    [-5, 'order_amount: order_amount must be at least 0.01'],
    [1e-9, 'order_amount: order_amount must be at least 0.01'],
    [0.001, 'order_amount: order_amount must be at least 0.01'],
    [10.005, 'order_amount: order_amount must have at most 2 decimal places'],
    [0.1 + 0.2, 'order_amount: order_amount must have at most 2 decimal places'],
    [1e21, 'order_amount: order_amount must have at most 2 decimal places'],
    [Number.POSITIVE_INFINITY, 'order_amount: order_amount must be a finite number'],
    [Number.NaN, 'order_amount: order_amount must be a finite number'],
    ['10', 'order_amount: order_amount must be a finite number'],
  ])('rejects order_amount %s', (amount, message) => {
    expect(messagesFor({ ...valid, order_amount: amount }).join('\n')).toContain(message);
  });

  it.each([0.01, 0.1, 0.29, 19.99, 1234567.89, 1, 1e6])('accepts order_amount %s', (amount) => {
    expect(createOrderRequestSchema.safeParse({ ...valid, order_amount: amount }).success).toBe(true);
  });

  it.each(['inr', 'IN', 'INRR', 'I1R', ''])('rejects order_currency %j', (currency) => {
    expect(messagesFor({ ...valid, order_currency: currency })).toEqual([
      'order_currency: order_currency must be a currency code such as INR',
    ]);
  });

  it('rejects an invalid e-mail address', () => {
    expect(messagesFor({ ...valid, customer_details: { ...valid.customer_details, customer_email: 'priya@' } })).toEqual([
      'customer_details.customer_email: customer_details.customer_email must be a valid e-mail address',
    ]);
  });

  it.each([0, -1, 1.5, '120'])('rejects expiry_time_in_minutes %j', (minutes) => {
    expect(messagesFor({ ...valid, expiry_time_in_minutes: minutes }).join('\n')).toContain('expiry_time_in_minutes');
  });

  it('rejects non-string order_tags values', () => {
    expect(messagesFor({ ...valid, order_tags: { source: 'web', count: 3 } })).toEqual([
      'order_tags.count: order_tags.count must be a string',
    ]);
  });

  it.each(['not a url', 'javascript:alert(1)', 'ftp://mystore.com/return', '/payment-success'])('rejects return_base_url %j', (url) => {
    expect(messagesFor({ ...valid, return_base_url: url })).toEqual(['return_base_url: return_base_url must be an absolute http(s) URL']);
  });

  it('accepts a loopback return_base_url for local development', () => {
    expect(createOrderRequestSchema.safeParse({ ...valid, return_base_url: 'http://localhost:5173/return' }).success).toBe(true);
  });

  it('rejects unknown keys instead of silently dropping them', () => {
    expect(messagesFor({ ...valid, order_notes: 'typo' })).toEqual([': input has unknown field(s): order_notes']);
  });

  it('rejects a value that is not an object', () => {
    expect(messagesFor('order')).toEqual([': input must be an object']);
  });
});

describe('customerDetailsSchema', () => {
  it('parses the example customer', () => {
    expect(customerDetailsSchema.parse(requestExample.customer_details)).toEqual(requestExample.customer_details);
  });

  it('rejects a phone number with letters', () => {
    expect(customerDetailsSchema.safeParse({ customer_phone: 'call me' }).success).toBe(false);
  });
});

describe('createOrderResponseSchema', () => {
  it('parses the spec example response unchanged', () => {
    expect(createOrderResponseSchema.parse(responseExample)).toEqual(responseExample);
  });

  it('keeps fields it does not know yet', () => {
    const parsed = createOrderResponseSchema.parse({ ...responseExample, payment_session_id: 'ps_1' });
    expect(parsed).toMatchObject({ payment_session_id: 'ps_1' });
  });

  it.each(['checkout_url', 'order_id'])('requires %s', (field) => {
    const response: Record<string, unknown> = { ...responseExample };
    delete response[field];
    expect(createOrderResponseSchema.safeParse(response).success).toBe(false);
  });

  it('checks the fields a checkout never reads only for being strings', () => {
    expect(createOrderResponseSchema.safeParse({ ...responseExample, added_on: '03/12/2024 14:30' }).success).toBe(true);
    expect(createOrderResponseSchema.safeParse({ ...responseExample, added_on: 1733236200 }).success).toBe(false);
  });
});

describe('errorResponseSchema', () => {
  it.each(Object.entries(errorExamples))('parses the spec %s example', (_, body) => {
    expect(errorResponseSchema.parse(body)).toEqual(body);
  });

  it('requires message, code and type', () => {
    expect(errorResponseSchema.safeParse({ message: 'x', code: 'y' }).success).toBe(false);
  });

  it("takes an issue's path of field names and array indices, and nothing else", () => {
    const body = (path: unknown[]) => ({
      message: 'x',
      code: 'invalid_payload',
      type: 'invalid_request_error',
      issues: [{ code: 'too_small', path, message: 'items.0.quantity must be at least 1' }],
    });
    expect(errorResponseSchema.safeParse(body(['items', 0, 'quantity'])).success).toBe(true);
    for (const key of [true, null, undefined, {}, ['items']])
      expect(errorResponseSchema.safeParse(body(['items', key])).success).toBe(false);
  });
});

describe('orderIdSchema', () => {
  it.each(['order_summer_fashion_001', 'a', 'x'.repeat(128), 'with space/slash?#', 'ünïcode ✓ 😀', '...', '%2e%2e', './x'])(
    'accepts %j',
    (id) => {
      expect(orderIdSchema.safeParse(id).success).toBe(true);
    },
  );

  it.each([
    ['', 'input must not be empty'],
    ['x'.repeat(129), 'input must be at most 128 characters'],
    ['sb_\ud800', 'input must be well-formed text (it has a lone surrogate)'],
    ['\udc00x', 'input must be well-formed text (it has a lone surrogate)'],
    ['.', 'input must not be "." or ".."'],
    ['..', 'input must not be "." or ".."'],
    [42, 'input must be a string'],
  ])('rejects %j', (id, message) => {
    const result = orderIdSchema.safeParse(id);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });

  it('leaves the order_id rule of a Create Order body as it was: 1 to 128 characters', () => {
    for (const id of ['', 'x'.repeat(129), 42]) {
      expect(createOrderRequestSchema.safeParse({ ...valid, order_id: id }).success).toBe(false);
    }
    expect(createOrderRequestSchema.safeParse({ ...valid, order_id: 'x'.repeat(128) }).success).toBe(true);
  });
});

describe('getOrderResponseSchema', () => {
  it("parses the spec's Get Order example unchanged, and the example matches the spec's schema", async () => {
    const specErrors = await specValidator();
    expect(specErrors('GetOrder', getOrderExample)).toEqual([]);
    expect(getOrderResponseSchema.parse(getOrderExample)).toEqual(getOrderExample);
  });

  it.each(statusComponentSchemas.OrderStatus.enum as string[])('parses order_status %s, a value the spec lists', (status) => {
    expect(getOrderResponseSchema.parse({ ...getOrderExample, order_status: status }).order_status).toBe(status);
  });

  it('parses an order_status the spec does not list yet, unchanged, rather than failing', () => {
    expect(getOrderResponseSchema.parse({ ...getOrderExample, order_status: 'PARTIALLY_PAID' }).order_status).toBe('PARTIALLY_PAID');
  });

  it.each(['order_id', 'order_status'])('requires %s', (field) => {
    const response: Record<string, unknown> = { ...getOrderExample };
    delete response[field];
    expect(getOrderResponseSchema.safeParse(response).error?.issues.map((issue) => issue.message)).toEqual([`${field} is required`]);
  });

  it('does not require checkout_url (a paid or expired order has nothing to check out) and keeps unknown fields', () => {
    const { checkout_url: _, ...rest } = getOrderExample as Record<string, unknown>;
    expect(getOrderResponseSchema.parse({ ...rest, order_status: 'PAID', order_amount: 2299.5 })).toEqual({
      ...rest,
      order_status: 'PAID',
      order_amount: 2299.5,
    });
  });

  it('rejects an order_status that is not a string, naming it', () => {
    expect(getOrderResponseSchema.safeParse({ ...getOrderExample, order_status: 1 }).error?.issues.map((issue) => issue.message)).toEqual([
      'order_status must be a string',
    ]);
  });

  it('types order_status with the known values while accepting any string', () => {
    expectTypeOf<GetOrderResponse['order_status']>().toEqualTypeOf<OrderStatusValue | (string & {})>();
    expectTypeOf<'PAID'>().toExtend<GetOrderResponse['order_status']>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<GetOrderResponse['order_status']>();
  });
});

describe('orderPaymentsSchema', () => {
  it("parses the spec's Get All Payments example unchanged, and the example matches the spec's schema", async () => {
    const specErrors = await specValidator();
    expect(specErrors('GetOrderPayments', paymentsExample)).toEqual([]);
    expect(orderPaymentsSchema.parse(paymentsExample)).toEqual(paymentsExample);
  });

  it('parses an empty list (no payment tried yet)', () => {
    expect(orderPaymentsSchema.parse([])).toEqual([]);
  });

  it.each(statusComponentSchemas.PaymentStatus.enum as string[])('parses payment status %s, a value the spec lists', (status) => {
    expect(orderPaymentSchema.parse({ ...paymentsExample[0], status }).status).toBe(status);
  });

  it('parses a payment status the spec does not list yet, unchanged, and keeps unknown fields', () => {
    const payment = { ...paymentsExample[0], status: 'ON_HOLD', payment_time: '2024-12-03T14:35:00Z' };
    expect(orderPaymentSchema.parse(payment)).toEqual(payment);
  });

  it('reads a payment with only its id and status, the two it cannot do without', () => {
    expect(orderPaymentSchema.parse({ payment_id: 'pay_1', status: 'USER_DROPPED' })).toEqual({
      payment_id: 'pay_1',
      status: 'USER_DROPPED',
    });
    for (const field of ['payment_id', 'status']) {
      const payment: Record<string, unknown> = { ...paymentsExample[0] };
      delete payment[field];
      expect(orderPaymentSchema.safeParse(payment).error?.issues.map((issue) => issue.message)).toEqual([`${field} is required`]);
    }
  });

  it('accepts null gateway details, as the spec allows, and rejects fields of the wrong type by name', () => {
    expect(orderPaymentSchema.safeParse({ ...paymentsExample[1], gateway_details: null }).success).toBe(true);
    const messages = (value: unknown) => orderPaymentsSchema.safeParse(value).error?.issues.map((issue) => issue.message);
    expect(messages([{ ...paymentsExample[0], payment_amount: '2299.50' }])).toEqual(['0.payment_amount must be a number']);
    expect(messages([paymentsExample[0], { ...paymentsExample[1], gateway_details: { utr: 4 } }])).toEqual([
      '1.gateway_details.utr must be a string',
    ]);
    expect(messages({ payments: paymentsExample })).toEqual(['input must be an array of payments']);
  });

  it('types status with the known values while accepting any string', () => {
    expectTypeOf(orderPaymentSchema.parse(paymentsExample[0]).status).toEqualTypeOf<PaymentStatusValue | (string & {})>();
  });
});
