import { useState } from 'react';
import { FlowwiseCheckoutButton, type CreateOrderResponse, type FlowwiseCheckoutButtonProps } from '@flowwise/react';
import { buildCreateOrderRequest, MOCK_REQUEST_ID } from '@flowwise/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { RedirectNotice, useRedirectPreview } from './support/RedirectPreview';
import { mockScenario, SLOW_DELAY_MS } from './support/scenarios';
import { buttonSource } from './support/source';

const usage = `
A real \`<button type="button">\` that posts the order to your merchant endpoint, checks the returned
\`checkout_url\` and sends the shopper to Flowwise's hosted checkout. It takes every native button prop
and a \`ref\`. While the order is being created it shows \`pendingChildren\`, is \`aria-busy\` and
\`aria-disabled\`, and ignores clicks; a failure is shown in a \`role="alert"\` next to it.

\`\`\`tsx
import { FlowwiseCheckoutButton, FlowwiseProvider } from '@flowwise/react';

<FlowwiseProvider endpoint="/api/flowwise/orders">
  <FlowwiseCheckoutButton order={() => orderFromCart(cart)} onError={(error) => track(error.kind)} />
</FlowwiseProvider>
\`\`\`

In these stories the merchant endpoint is mocked with \`@flowwise/react/testing\`, and the redirect is
replaced by a notice showing where the shopper would have gone.
`;

const meta = {
  title: 'Components/FlowwiseCheckoutButton',
  component: FlowwiseCheckoutButton,
  tags: ['autodocs'],
  args: {
    order: buildCreateOrderRequest(),
    onSuccess: fn(),
    onError: fn(),
  },
  argTypes: {
    order: { control: 'object' },
    children: { control: 'text' },
    pendingChildren: { control: 'text' },
    credentials: { control: 'select', options: ['same-origin', 'include', 'omit'] },
    renderError: { control: false },
    redirect: { control: false },
    headers: { control: false },
    fetch: { control: false },
    queryClient: { control: false },
  },
  parameters: {
    docs: {
      description: { component: usage },
      source: {
        language: 'tsx',
        transform: (_code: string, { args }: { args: FlowwiseCheckoutButtonProps }) => buttonSource(args),
      },
    },
  },
  render: function Render(args) {
    const { href, redirect } = useRedirectPreview();
    return (
      <>
        <FlowwiseCheckoutButton {...args} redirect={args.redirect ?? redirect} />
        <RedirectNotice href={href} />
      </>
    );
  },
} satisfies Meta<typeof FlowwiseCheckoutButton>;

export default meta;
type Story = StoryObj<typeof meta>;

const exampleCheckoutUrl = 'https://payments.flowwise.com/checkout/order_summer_fashion_001';

/** The button as a shopper first sees it. */
export const Default: Story = {
  play: async ({ canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await expect(button).toHaveAttribute('type', 'button');
    await expect(button).toHaveAttribute('data-state', 'idle');
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(button).not.toHaveAttribute('aria-disabled');
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.tab();
    await expect(button).toHaveFocus();
  },
};

/** The order is created and the shopper is sent to the `checkout_url` Flowwise returned. */
export const Success: Story = {
  parameters: mockScenario('success'),
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Pay now' }));

    await expect(await canvas.findByRole('status')).toHaveTextContent(exampleCheckoutUrl);
    const button = canvas.getByRole('button', { name: 'Processing…' });
    await expect(button).toHaveAttribute('data-state', 'redirecting');
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveFocus();
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
    await expect(args.onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({ order_id: 'order_summer_fashion_001', checkout_url: exampleCheckoutUrl }),
    );
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

/**
 * Flowwise refuses the order with 400 `invalid_amount`, passed on by the endpoint: the shopper reads a
 * sentence they can act on, the developer gets Flowwise's words in `detail`.
 */
export const InvalidAmount: Story = {
  parameters: mockScenario('invalid_amount'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(button).toHaveAccessibleDescription('The payment could not be started. Please try again.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(button).toHaveTextContent('Pay now');
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onError).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'http',
        status: 400,
        code: 'invalid_amount',
        detail: 'Invalid order amount. Amount must be greater than 0',
      }),
    );
  },
};

/** The merchant's Flowwise credentials are wrong (Flowwise answers 401): the endpoint answers 502, and says nothing of credentials. */
export const Unauthorized: Story = {
  parameters: mockScenario('unauthorized'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(canvas.queryByText(/credentials/)).not.toBeInTheDocument();
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(button).toHaveTextContent('Pay now');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 502, code: 'bad_gateway' }));
  },
};

/** Flowwise fails with a 500 `ErrorResponse`: the endpoint answers 502 with Flowwise's request id. */
export const ServerError: Story = {
  parameters: mockScenario('server_error'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(button).toHaveTextContent('Pay now');
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 502, requestId: MOCK_REQUEST_ID }));
  },
};

/** Flowwise (or a proxy before it) answers with an HTML page: the shopper gets a plain message, not the HTML. */
export const BadGatewayHtml: Story = {
  parameters: mockScenario('bad_gateway_html'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(canvas.queryByText(/Bad Gateway/)).not.toBeInTheDocument();
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 502 }));
  },
};

/** Flowwise answers a 200 that is not an order (no `checkout_url`): the endpoint answers 502. */
export const Malformed: Story = {
  parameters: mockScenario('malformed'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 502 }));
  },
};

/** The response's `checkout_url` is `javascript:alert(1)`: it is refused and the shopper stays put. */
export const UnsafeUrl: Story = {
  parameters: mockScenario('unsafe_url'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment page could not be verified, so you were not redirected.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onSuccess).not.toHaveBeenCalled();
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'unsafe_redirect' }));
  },
};

/** The request never reaches the store. */
export const NetworkError: Story = {
  parameters: mockScenario('network_error'),
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    await expect(await canvas.findByRole('alert')).toHaveTextContent('Could not reach the store. Check your connection and try again.');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'network' }));
  },
};

/** The store takes a while to answer: the button shows it is busy and ignores further clicks. */
export const Slow: Story = {
  parameters: mockScenario('slow'),
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Pay now' }));

    const button = canvas.getByRole('button', { name: 'Processing…' });
    await expect(button).toHaveAttribute('data-state', 'pending');
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    await expect(button).toHaveFocus();

    await expect(await canvas.findByRole('status', {}, { timeout: SLOW_DELAY_MS + 3000 })).toHaveTextContent(exampleCheckoutUrl);
    await expect(button).toHaveAttribute('data-state', 'redirecting');
    await expect(args.onSuccess).toHaveBeenCalledTimes(1);
  },
};

let impatientOrders = 0;

/**
 * An impatient shopper: fifty clicks inside one animation frame, then Enter and Space while the order
 * is being created. Each click would build an order with a new `order_id`, yet exactly one is sent.
 */
export const ImpatientShopper: Story = {
  parameters: mockScenario('slow'),
  args: {
    order: () => buildCreateOrderRequest({ order_id: `order_impatient_${(impatientOrders += 1)}` }),
    fetch: fn((input: RequestInfo | URL, init?: RequestInit) => window.fetch(input, init)),
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    button.focus();
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        for (let i = 0; i < 50; i += 1) button.click();
        resolve();
      }),
    );
    await userEvent.keyboard('{Enter} ');

    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(await canvas.findByRole('status', {}, { timeout: SLOW_DELAY_MS + 3000 })).toHaveTextContent(
      'https://payments.flowwise.com/checkout/order_impatient_',
    );
    await expect(args.fetch).toHaveBeenCalledTimes(1);
    await expect(args.onSuccess).toHaveBeenCalledTimes(1);
  },
};

/** The store never answers: after `timeoutMs` the shopper is told to try again. */
export const Never: Story = {
  parameters: mockScenario('never'),
  args: { timeoutMs: 2000 },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Pay now' }));

    const button = canvas.getByRole('button', { name: 'Processing…' });
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(button).toHaveAttribute('data-state', 'pending');

    await expect(await canvas.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      'The payment took too long to start. Please try again.',
    );
    await expect(button).toHaveTextContent('Pay now');
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'timeout' }));
  },
};

/** Every visible string can be replaced. */
export const CustomLabels: Story = {
  parameters: mockScenario('slow'),
  args: {
    children: 'Pay ₹2,299.50',
    pendingChildren: 'Opening secure checkout…',
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹2,299.50' }));

    const button = canvas.getByRole('button', { name: 'Opening secure checkout…' });
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(await canvas.findByRole('status', {}, { timeout: SLOW_DELAY_MS + 3000 })).toHaveTextContent(exampleCheckoutUrl);
  },
};

/** `renderError` replaces the default message, here adding the request id to quote to support. */
export const CustomRenderError: Story = {
  parameters: mockScenario('server_error'),
  args: {
    renderError: (error) => (
      <>
        <strong>Sorry!</strong> {error.message}
        {error.requestId ? (
          <>
            {' '}
            Reference: <code>{error.requestId}</code>
          </>
        ) : null}
      </>
    ),
  },
  play: async ({ canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    const alert = await canvas.findByRole('alert');
    await expect(alert).toHaveTextContent(`Sorry! The payment could not be started. Please try again. Reference: ${MOCK_REQUEST_ID}`);
    await expect(button).toHaveAccessibleDescription(alert.textContent ?? '');
  },
};

/** A disabled button is a native disabled button: clicking it starts nothing. */
export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await expect(button).toBeDisabled();
    await userEvent.click(button);

    await expect(button).toHaveAttribute('data-state', 'idle');
    await expect(button).toHaveTextContent('Pay now');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onSuccess).not.toHaveBeenCalled();
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

/** `redirect={false}` keeps the shopper on the page; `onSuccess` gets the created order. */
export const NoRedirect: Story = {
  args: { redirect: false },
  render: function Render(args) {
    const [response, setResponse] = useState<CreateOrderResponse | null>(null);
    return (
      <>
        <FlowwiseCheckoutButton
          {...args}
          onSuccess={(created) => {
            args.onSuccess?.(created);
            setResponse(created);
          }}
        />
        {response ? (
          <section aria-label="Created order">
            <p className="story-caption">
              <code>onSuccess</code> received the created order; the shopper stays on this page:
            </p>
            <pre className="story-response" tabIndex={0}>
              {JSON.stringify(response, null, 2)}
            </pre>
          </section>
        ) : null}
      </>
    );
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay now' });
    await userEvent.click(button);

    const created = await canvas.findByRole('region', { name: 'Created order' });
    await expect(created).toHaveTextContent(`"checkout_url": "${exampleCheckoutUrl}"`);
    // The mocked endpoint keeps the orders it created, as a store's does: when another story has already
    // posted this order, it is resumed, and the answer is only its order_id and checkout_url.
    await expect(created).toHaveTextContent('"order_id": "order_summer_fashion_001"');
    await waitFor(() => expect(button).toHaveAttribute('data-state', 'idle'));
    await expect(button).toHaveTextContent('Pay now');
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(args.onSuccess).toHaveBeenCalledTimes(1);
  },
};

/** Styled with a class only: the spinner and colours follow `aria-busy` and `data-state`. */
export const Styled: Story = {
  parameters: mockScenario('slow'),
  args: {
    className: 'pay-button',
    children: 'Pay ₹2,299.50 securely',
  },
  play: async ({ canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay ₹2,299.50 securely' });
    await expect(button).toHaveClass('pay-button');
    await expect(getComputedStyle(button).backgroundColor).toBe('rgb(75, 43, 214)');
    await userEvent.click(button);

    await expect(button).toHaveTextContent('Processing…');
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(getComputedStyle(button, '::before').content).toBe('""');
    await expect(await canvas.findByRole('status', {}, { timeout: SLOW_DELAY_MS + 3000 })).toHaveTextContent(exampleCheckoutUrl);
  },
};
