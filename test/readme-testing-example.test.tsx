// checkout.test.tsx
import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { buildCreateOrderRequest, createOrderHandlers } from '@flowwise/react/testing';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';

// Your merchant endpoint, mocked: it answers 'success' unless a test picks another scenario.
const server = setupServer(...createOrderHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  cleanup();
});
afterAll(() => server.close());

// Stands in for your checkout page. Tests pass `redirect` so that nothing navigates.
function Checkout({ redirect }: { redirect?: (url: string) => void }) {
  return (
    <FlowwiseProvider>
      <FlowwiseCheckoutButton order={buildCreateOrderRequest({ order_id: 'order_42' })} redirect={redirect} />
    </FlowwiseProvider>
  );
}

it('sends the shopper to the Flowwise checkout page', async () => {
  const redirect = vi.fn();
  render(<Checkout redirect={redirect} />);

  await userEvent.click(screen.getByRole('button', { name: 'Pay now' }));

  await vi.waitFor(() => expect(redirect).toHaveBeenCalledWith('https://payments.flowwise.com/checkout/order_42'));
});

it('tells the shopper when the payment cannot start', async () => {
  server.use(...createOrderHandlers({ scenario: 'server_error' }));
  const redirect = vi.fn();
  render(<Checkout redirect={redirect} />);

  await userEvent.click(screen.getByRole('button', { name: 'Pay now' }));

  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toBe('Internal server error occurred while creating order');
  expect(redirect).not.toHaveBeenCalled();
});
