// The sandbox's state on its own, with no HTTP: orders, payments, UPI settlement, expiry and tokens.
import { describe, expect, it } from 'vitest';
import { SandboxState } from '../sandbox/state';
import type { SandboxOrder } from '../sandbox';

function setup({ upiDelayMs = 60_000, maxRecordedRequests = 100 } = {}) {
  let time = Date.parse('2026-01-15T10:00:00Z');
  const state = new SandboxState({ now: () => new Date(time), upiDelayMs: () => upiDelayMs, recordRequests: true, maxRecordedRequests });
  const at = (iso: string) => (time = Date.parse(iso));
  return { state, at };
}

/** Creates an order from `request` (with `overrides`), failing the test when the state refuses it. */
function created(state: SandboxState, overrides: Partial<typeof request> = {}): SandboxOrder {
  const order = state.createOrder({ ...request, ...overrides }, 'http://127.0.0.1:1');
  if (typeof order === 'string') throw new Error(`createOrder refused: ${order}`);
  return order;
}

const request = {
  order_id: 'st_1',
  order_amount: 499,
  order_currency: 'INR',
  customer_details: { customer_email: 'a@example.com' },
  expiry_time_in_minutes: 10,
};

describe('SandboxState', () => {
  it('creates an ACTIVE order with its response, refusing a taken order_id and an expiry no date-time can name', () => {
    const { state } = setup();
    const order = created(state);
    expect(order).toMatchObject({
      request,
      status: 'ACTIVE',
      payments: [],
      expiresAt: new Date('2026-01-15T10:10:00Z'),
      response: {
        order_id: 'st_1',
        customer_email: 'a@example.com',
        payment_methods: 'cc,dc,upi,nb,wallet',
        checkout_url: 'http://127.0.0.1:1/checkout/st_1',
        order_expiry_time: '2026-01-15T10:10:00Z',
        added_on: '2026-01-15T10:00:00Z',
      },
    });
    expect(state.orders.get('st_1')).toBe(order);
    expect(state.createOrder({ ...request, order_amount: 1 }, 'http://127.0.0.1:1')).toBe('already_exists');
    expect(state.createOrder({ ...request, order_id: 'st_2', expiry_time_in_minutes: 1e15 }, 'http://127.0.0.1:1')).toBe(
      'expires_too_late',
    );
    expect([...state.orders.keys()]).toEqual(['st_1']);
  });

  it('expires an ACTIVE order at its expiry time, and a payable order is ACTIVE with no UPI payment waiting', () => {
    const { state, at } = setup();
    const order = created(state);
    at('2026-01-15T10:09:59.999Z');
    expect(state.payable(order)).toBe(true);
    at('2026-01-15T10:10:00Z');
    expect(state.currentStatus(order)).toBe('EXPIRED');
    expect(state.payable(order)).toBe(false);
  });

  it('settles a UPI payment upiDelayMs later on its clock, and fails one still pending at expiry', () => {
    const { state, at } = setup({ upiDelayMs: 60_000 });
    const order = created(state);
    const payment = state.recordPayment(order, 'upi');
    expect(payment).toMatchObject({ status: 'PENDING', capture_status: 'PENDING', capture_amount: 0, payment_method: 'upi' });
    expect(state.payable(order)).toBe(false);
    at('2026-01-15T10:00:59.999Z');
    expect(state.currentStatus(order)).toBe('ACTIVE');
    at('2026-01-15T10:01:00Z');
    expect(state.currentStatus(order)).toBe('PAID');
    expect(payment).toMatchObject({ status: 'SUCCESS', capture_status: 'SUCCESS', capture_amount: 499 });
    expect(payment.gateway_details.utr).toMatch(/^\d{12}$/);

    const late = setup({ upiDelayMs: 20 * 60_000 });
    const other = created(late.state);
    const pending = late.state.recordPayment(other, 'upi');
    late.at('2026-01-15T10:10:00Z');
    expect(late.state.currentStatus(other)).toBe('EXPIRED');
    expect(pending).toMatchObject({ status: 'FAILED', capture_status: 'FAILED', capture_amount: 0 });
  });

  it('records each checkout outcome as its payment: paid marks the order PAID, the others leave it ACTIVE', () => {
    const { state } = setup();
    const order = created(state);
    expect(state.recordPayment(order, 'cancelled')).not.toHaveProperty('payment_method');
    expect(state.recordPayment(order, 'failed')).toMatchObject({ status: 'FAILED', payment_method: 'card' });
    expect(order.status).toBe('ACTIVE');
    expect(state.recordPayment(order, 'paid')).toMatchObject({ status: 'SUCCESS', capture_amount: 499 });
    expect(order.status).toBe('PAID');
    expect(order.payments.map((payment) => payment.status)).toEqual(['USER_DROPPED', 'FAILED', 'SUCCESS']);
  });

  it('gives each order one token of its own, and keeps only the last maxRecordedRequests requests', () => {
    const { state } = setup({ maxRecordedRequests: 2 });
    const one = created(state);
    const two = created(state, { order_id: 'st_2' });
    expect(state.tokenOf(one)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(state.tokenOf(one)).toBe(state.tokenOf(one));
    expect(state.tokenOf(one)).not.toBe(state.tokenOf(two));

    for (const body of ['a', 'b', 'c']) state.record({ headers: {}, body });
    expect(state.requests.map((r) => r.body)).toEqual(['b', 'c']);
    const requests = state.requests;
    state.reset();
    expect(state.orders.size).toBe(0);
    expect(state.requests).toBe(requests);
    expect(requests).toEqual([]);
  });
});
