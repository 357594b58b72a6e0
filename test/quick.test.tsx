import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';
import { expect, it, vi } from 'vitest';

const server = setupServer(
  http.post('*/api/flowwise/orders', async ({ request }) => {
    const body = (await request.json()) as { order_id: string };
    return HttpResponse.json({ order_id: body.order_id, checkout_url: 'https://payments.flowwise.com/checkout/x' });
  }),
);
server.listen({ onUnhandledRequest: 'error' });

it('works', async () => {
  const redirect = vi.fn();
  render(
    <FlowwiseProvider>
      <FlowwiseCheckoutButton
        redirect={redirect}
        order={{ order_id: 'o1', order_amount: 10, order_currency: 'INR', customer_details: {} }}
      />
    </FlowwiseProvider>,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Pay now' }));
  await vi.waitFor(() => expect(redirect).toHaveBeenCalledWith('https://payments.flowwise.com/checkout/x'));
  expect(screen.getByRole('button')).toHaveAttribute('data-state', 'redirecting');
});
