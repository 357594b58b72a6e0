import {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  type CreateOrderRequest,
} from '@flowwise/react';
import { describe, expect, it } from 'vitest';
import { errorExamples, requestExample, responseExample } from './spec';

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
    expect(
      messagesFor({ ...valid, customer_details: { ...valid.customer_details, customer_email: 'priya@' } }),
    ).toEqual(['customer_details.customer_email: customer_details.customer_email must be a valid e-mail address']);
  });

  it.each([0, -1, 1.5, '120'])('rejects expiry_time_in_minutes %j', (minutes) => {
    expect(messagesFor({ ...valid, expiry_time_in_minutes: minutes }).join('\n')).toContain(
      'expiry_time_in_minutes',
    );
  });

  it('rejects non-string order_tags values', () => {
    expect(messagesFor({ ...valid, order_tags: { source: 'web', count: 3 } })).toEqual([
      'order_tags.count: order_tags.count must be a string',
    ]);
  });

  it.each(['not a url', 'javascript:alert(1)', 'ftp://mystore.com/return', '/payment-success'])(
    'rejects return_base_url %j',
    (url) => {
      expect(messagesFor({ ...valid, return_base_url: url })).toEqual([
        'return_base_url: return_base_url must be an absolute http(s) URL',
      ]);
    },
  );

  it('accepts a loopback return_base_url for local development', () => {
    expect(
      createOrderRequestSchema.safeParse({ ...valid, return_base_url: 'http://localhost:5173/return' }).success,
    ).toBe(true);
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
});
