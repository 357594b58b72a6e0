import { FlowwiseCheckoutButton, FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';
import { mockCreateOrderEndpoint, mockOrderStatusEndpoint } from '@flowwise/react/testing';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import * as z from 'zod';

// The payload your storefront posts, and your route handler's `schema` (shared from one module in your app).
const cartSchema = z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.int().positive() })).min(1) });

// Your merchant endpoint, mocked: POST answers as createOrderHandler({ schema: cartSchema }) would, and
// GET as createOrderStatusHandler would, each with its default scenario unless a test picks another.
const server = setupServer(...mockCreateOrderEndpoint({ schema: cartSchema }), ...mockOrderStatusEndpoint());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  cleanup();
});
afterAll(() => server.close());

// Your checkout page.
function Checkout() {
  return <FlowwiseCheckoutButton order={{ items: [{ sku: 'mug', quantity: 2 }] }} />;
}

// `redirect` on the provider, so that nothing navigates and the test sees where the shopper would go.
function renderCheckout(redirect: (url: string) => void) {
  render(
    <FlowwiseProvider redirect={redirect}>
      <Checkout />
    </FlowwiseProvider>,
  );
}

it('sends the shopper to the Flowwise checkout page', async () => {
  const redirect = vi.fn();
  renderCheckout(redirect);

  await userEvent.click(screen.getByRole('button', { name: 'Pay now' }));

  await vi.waitFor(() =>
    expect(redirect).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/payments\.flowwise\.com\/checkout\/order_/)),
  );
});

it('tells the shopper when the payment cannot start', async () => {
  server.use(...mockCreateOrderEndpoint({ schema: cartSchema, scenario: 'server_error' }));
  const redirect = vi.fn();
  renderCheckout(redirect);

  await userEvent.click(screen.getByRole('button', { name: 'Pay now' }));

  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toBe('The payment could not be started. Please try again.');
  expect(redirect).not.toHaveBeenCalled();
});

it('says a paid order is paid on the return page', async () => {
  render(
    <FlowwiseProvider>
      <FlowwiseOrderStatus orderId="order_1001" />
    </FlowwiseProvider>,
  );

  await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('Payment received.'));
});

it('offers a failed payment another try, on the same order', async () => {
  server.use(...mockOrderStatusEndpoint({ scenario: 'failed' }));
  render(
    <FlowwiseProvider>
      <FlowwiseOrderStatus orderId="order_1001" />
    </FlowwiseProvider>,
  );

  const retry = await screen.findByRole('link', { name: 'Try again' });
  expect(retry.getAttribute('href')).toBe('https://payments.flowwise.com/checkout/order_1001');
  expect(screen.getByRole('status').textContent).toContain('The payment did not go through.');
});
