import { orderSummarySchema } from '@flowwise/react';
import {
  buildCreateOrderRequest,
  buildOrderPayment,
  buildOrderSummary,
  mockCreateOrderEndpoint,
  MOCK_REQUEST_ID,
  mockCheckoutUrl,
  mockOrderStatusEndpoint,
  orderStatusScenarios,
  type OrderStatusScenario,
} from '@flowwise/react/testing';
import { describe, expect, it } from 'vitest';
import { setupMsw } from './support';

const server = setupMsw();
const endpoint = 'http://localhost:3000/api/flowwise/orders';

const status = (orderId: string) =>
  fetch(`${endpoint}?order_id=${encodeURIComponent(orderId)}`, { headers: { accept: 'application/json' } });

describe('mockOrderStatusEndpoint', () => {
  it.each<[OrderStatusScenario, number, Record<string, unknown>]>([
    ['paid', 200, { order_status: 'PAID', outcome: 'paid', payments: [{ status: 'SUCCESS' }] }],
    [
      'failed',
      200,
      {
        order_status: 'ACTIVE',
        outcome: 'failed',
        checkout_url: mockCheckoutUrl('order_7'),
        payments: [{ status: 'FAILED', payment_method: 'card' }],
      },
    ],
    [
      'user_dropped',
      200,
      { order_status: 'ACTIVE', outcome: 'failed', checkout_url: mockCheckoutUrl('order_7'), payments: [{ status: 'USER_DROPPED' }] },
    ],
    ['expired', 200, { order_status: 'EXPIRED', outcome: 'expired', payments: [] }],
    ['not_found', 404, { code: 'not_found', type: 'invalid_request_error', message: 'No order with this order_id for this request.' }],
    ['server_error', 502, { code: 'bad_gateway', type: 'server_error' }],
  ])('%s answers %i as the status handler does, for the order asked about', async (scenario, code, body) => {
    server.use(...mockOrderStatusEndpoint({ scenario }));
    const response = await status('order_7');

    expect(response.status).toBe(code);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toBe(MOCK_REQUEST_ID);
    const json = await response.json();
    expect(json).toMatchObject(body);
    if (code === 200) {
      expect(orderSummarySchema.parse(json)).toMatchObject({ order_id: 'order_7' });
      if (json.outcome !== 'failed') expect(json).not.toHaveProperty('checkout_url');
    }
  });

  it('pending_then_paid answers pending for pendingPolls requests about each order, then paid', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 3 }));
    const outcomes: string[] = [];
    for (let poll = 0; poll < 5; poll += 1) outcomes.push((await (await status('order_upi')).json()).outcome);
    const other = (await (await status('order_other')).json()).outcome;

    expect(outcomes).toEqual(['pending', 'pending', 'pending', 'paid', 'paid']);
    expect(other).toBe('pending');
  });

  it('refuses a missing or malformed order_id with 400 invalid_order_id in every scenario', async () => {
    for (const scenario of orderStatusScenarios) {
      server.use(...mockOrderStatusEndpoint({ scenario }));
      const missing = await fetch(endpoint);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        message: 'The order_id query parameter is missing.',
        code: 'invalid_order_id',
        type: 'invalid_request_error',
      });
      expect((await status('x'.repeat(129))).status).toBe(400);
    }
  });

  it('answers GET beside mockCreateOrderEndpoint on the same endpoint, and a custom endpoint only', async () => {
    server.use(
      ...mockCreateOrderEndpoint(),
      ...mockOrderStatusEndpoint({ scenario: 'expired' }),
      ...mockOrderStatusEndpoint({ endpoint: '/shop/orders' }),
    );

    const created = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(buildCreateOrderRequest()),
    });
    expect(created.status).toBe(200);
    expect((await created.json()).checkout_url).toBe(mockCheckoutUrl('order_summer_fashion_001'));
    expect((await (await status('order_summer_fashion_001')).json()).outcome).toBe('expired');
    expect((await (await fetch('http://localhost:3000/shop/orders?order_id=order_1')).json()).outcome).toBe('paid');
  });

  it('summary overrides every 200 answer', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'failed', summary: { checkout_url: 'https://evil.example/pay' } }));
    expect((await (await status('order_7')).json()).checkout_url).toBe('https://evil.example/pay');
  });

  it('an unknown scenario is a TypeError listing the known ones', () => {
    expect(() => mockOrderStatusEndpoint({ scenario: 'refunded' as OrderStatusScenario })).toThrow(
      'mockOrderStatusEndpoint(): unknown scenario "refunded". Use one of: paid, failed, user_dropped, expired, not_found, pending_then_paid, server_error.',
    );
  });
});

describe('buildOrderSummary and buildOrderPayment', () => {
  it('build a valid paid summary of the reference example, fresh each call, with overrides', () => {
    const summary = buildOrderSummary();
    expect(orderSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({ order_id: 'order_summer_fashion_001', order_status: 'PAID', outcome: 'paid' });
    expect(summary).not.toHaveProperty('checkout_url');
    summary.payments[0]!.status = 'FAILED';
    expect(buildOrderSummary().payments[0]!.status).toBe('SUCCESS');

    const failed = buildOrderSummary({
      order_status: 'ACTIVE',
      outcome: 'failed',
      payments: [buildOrderPayment({ status: 'FAILED', payment_method: 'card' })],
    });
    expect(failed.payments).toEqual([
      {
        payment_id: 'pay_summer_fashion_001_upi',
        status: 'FAILED',
        payment_method: 'card',
        payment_amount: 2299.5,
        payment_currency: 'INR',
      },
    ]);
  });
});
