import { useState } from 'react';
import { FlowwiseOrderStatus } from '@flowwise/react';
import { mockCheckoutUrl, mockOrderStatusEndpoint, orderStatusScenarios, type OrderStatusScenario } from '@flowwise/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';

const usage = `
The page Flowwise sends the shopper back to (\`return_base_url?order_id=…\`) shows what your server says
about the order, never what the URL says. \`<FlowwiseOrderStatus>\` reads \`order_id\` from the URL (or its
\`orderId\` prop), asks your status endpoint (\`GET /api/flowwise/orders?order_id=…\`) while the payment is
being confirmed, and says the outcome in a \`role="status"\` live region. Each state can be replaced with a
render prop; the words come from \`messages\` (\`status_pending\`, \`status_paid\`, …).

\`\`\`tsx
import { FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';

<FlowwiseProvider>
  <FlowwiseOrderStatus renderPaid={(summary) => <Receipt orderId={summary.order_id} />} />
</FlowwiseProvider>
\`\`\`

In these stories the status endpoint is mocked with \`mockOrderStatusEndpoint\` from \`@flowwise/react/testing\`.
`;

/** Each scenario on its own endpoint, so that the docs page can show every story at once. */
const endpointOf = (scenario: OrderStatusScenario) => `/mock-flowwise/status/${scenario}/orders`;

const renderProp = (summary: string) => ({ control: false, table: { type: { summary } } }) as const;

const meta = {
  title: 'Components/FlowwiseOrderStatus',
  component: FlowwiseOrderStatus,
  tags: ['autodocs'],
  args: { orderId: 'order_summer_fashion_001' },
  argTypes: {
    orderId: { control: 'text' },
    headers: { control: false },
    fetch: { control: false },
    queryClient: { control: false },
    // The summary's full type would fill the table; its name says it.
    renderPending: renderProp('(summary: OrderSummary | undefined) => ReactNode'),
    renderPaid: renderProp('(summary: OrderSummary) => ReactNode'),
    renderFailed: renderProp('(summary: OrderSummary, retryUrl: string | undefined) => ReactNode'),
    renderExpired: renderProp('(summary: OrderSummary) => ReactNode'),
    renderTimedOut: renderProp('(summary: OrderSummary) => ReactNode'),
    renderNotFound: renderProp('() => ReactNode'),
    renderError: renderProp('(error: FlowwiseError) => ReactNode'),
  },
  parameters: {
    docs: { description: { component: usage } },
    msw: {
      handlers: {
        orderStatus: orderStatusScenarios.flatMap((scenario) =>
          mockOrderStatusEndpoint({ scenario, endpoint: endpointOf(scenario), pendingPolls: 1 }),
        ),
      },
    },
  },
} satisfies Meta<typeof FlowwiseOrderStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * A UPI payment the bank has not confirmed yet: "Confirming your payment…", asked again a second later,
 * then "Payment received.", in the same live region, with no reload.
 */
export const PendingThenPaid: Story = {
  args: { endpoint: endpointOf('pending_then_paid') },
  render: function Render(args) {
    // A fresh order each time the story mounts, so that it starts pending again.
    const [orderId] = useState(() => `order_upi_${Math.random().toString(36).slice(2, 8)}`);
    return <FlowwiseOrderStatus {...args} orderId={orderId} />;
  },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveTextContent('Confirming your payment…');
    await expect(status).toHaveAttribute('data-state', 'pending');
    await waitFor(() => expect(status).toHaveTextContent('Payment received.'), { timeout: 5000 });
    await expect(status).toHaveAttribute('data-state', 'paid');
    await expect(canvas.getByRole('status')).toBe(status);
  },
};

/** The shopper's payment failed: the order can still be paid, so "Try again" goes back to its checkout. */
export const FailedWithTryAgain: Story = {
  args: { endpoint: endpointOf('failed') },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'failed'));
    await expect(status).toHaveTextContent('The payment did not go through. Try again');
    await expect(canvas.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', mockCheckoutUrl('order_summer_fashion_001'));
  },
};

/** The order's time ran out unpaid: there is nothing left to pay, so no link. */
export const Expired: Story = {
  args: { endpoint: endpointOf('expired') },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'expired'));
    await expect(status).toHaveTextContent('This order has expired.');
    await expect(canvas.queryByRole('link')).not.toBeInTheDocument();
  },
};

/**
 * An order id the store does not know (someone typed `?order_id=order_made_up&order_status=PAID`): not
 * found, and nothing paid, whatever else the URL says.
 */
export const NotFound: Story = {
  args: { endpoint: endpointOf('not_found'), orderId: 'order_made_up' },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'not_found'));
    await expect(status).toHaveTextContent('We could not find this order.');
  },
};

/** Flowwise failed behind the store's endpoint (502): the page says so and keeps asking. */
export const StoreError: Story = {
  args: { endpoint: endpointOf('server_error') },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'error'));
    await expect(status).toHaveTextContent('We could not check your payment just now. Please try again in a moment.');
  },
};

/** Render props replace what each state shows, inside the same live region. */
export const CustomRender: Story = {
  args: {
    endpoint: endpointOf('paid'),
    renderPaid: (summary) => (
      <span>
        Thank you! Order <strong>{summary.order_id}</strong> is paid by {summary.payments[0]?.payment_method?.toUpperCase()}.
      </span>
    ),
  },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Thank you! Order order_summer_fashion_001 is paid by UPI.'));
  },
};
