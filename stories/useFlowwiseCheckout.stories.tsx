import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { CartCheckout } from './CartCheckout';
import cartCheckoutSource from './CartCheckout.tsx?raw';
import { RedirectNotice, useRedirectPreview } from './support/RedirectPreview';
import { mockScenario, SLOW_DELAY_MS } from './support/scenarios';

const usage = `
\`useFlowwiseCheckout(options?)\` is the logic behind \`<FlowwiseCheckoutButton>\`, for checkout UIs of your
own. It takes the same options as the button (the props below: endpoint, timeout, allowed origins,
\`redirect\`, \`onSuccess\`, \`onError\`) and returns:

| returns | |
| --- | --- |
| \`checkout(order)\` | Starts a checkout with an order, or a function building one when called. Ignored while one is under way. Returns nothing: the outcome is in \`status\`, \`error\` and \`data\`. |
| \`status\` | \`'idle' \\| 'pending' \\| 'redirecting' \\| 'error'\` |
| \`error\` | The \`FlowwiseError\` while \`status\` is \`'error'\`, else \`null\`. |
| \`data\` | The created order, once there is one. |
| \`reset()\` | Back to \`idle\`. |

\`\`\`tsx
function PayButton({ cart }: { cart: Cart }) {
  const { checkout, status, error } = useFlowwiseCheckout();
  const busy = status === 'pending' || status === 'redirecting';
  return (
    <>
      <button type="button" aria-busy={busy} onClick={() => checkout(() => orderFromCart(cart))}>
        {busy ? 'Please wait…' : \`Pay \${cart.total}\`}
      </button>
      {error && <p role="alert">{error.message}</p>}
    </>
  );
}
\`\`\`

The story below is a small cart written this way (\`stories/CartCheckout.tsx\`): the order is built
from the cart when the shopper clicks, so a quantity changed a moment ago is what gets posted.
`;

const meta = {
  title: 'Hooks/useFlowwiseCheckout',
  component: CartCheckout,
  tags: ['autodocs'],
  args: {
    onSuccess: fn(),
    onError: fn(),
  },
  argTypes: {
    redirect: { control: false },
    headers: { control: false },
    fetch: { control: false },
    queryClient: { control: false },
  },
  parameters: {
    docs: {
      description: { component: usage },
      // "Show code" shows the whole custom UI, which is the point of these stories.
      source: { language: 'tsx', code: cartCheckoutSource },
    },
  },
  render: function Render(args) {
    const { href, redirect } = useRedirectPreview();
    return (
      <>
        <CartCheckout {...args} redirect={args.redirect ?? redirect} />
        <RedirectNotice href={href} />
      </>
    );
  },
} satisfies Meta<typeof CartCheckout>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Change the quantity, pay: the order posted is the cart at the moment of the click. */
export const CustomCheckout: Story = {
  parameters: mockScenario('slow'),
  play: async ({ args, canvas, userEvent, msw }) => {
    const posted: unknown[] = [];
    const onRequest = async ({ request }: { request: Request }) => {
      if (request.method === 'POST') posted.push(await request.clone().json());
    };
    msw.events.on('request:start', onRequest);

    await expect(canvas.getByRole('button', { name: 'Pay ₹2,299.50' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Add one' }));
    await expect(canvas.getByRole('group', { name: 'Quantity' })).toHaveTextContent('2');
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹4,599.00' }));

    const pay = canvas.getByRole('button', { name: 'Please wait…' });
    await expect(pay).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByText('Creating your order…')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Add one' })).toBeDisabled();

    const notice = await canvas.findByRole('status', {}, { timeout: SLOW_DELAY_MS + 3000 });
    await expect(notice).toHaveTextContent(/https:\/\/payments\.flowwise\.com\/checkout\/order_cart_[0-9a-z]+/);
    await expect(canvas.getByText('Taking you to the secure payment page…')).toBeVisible();
    msw.events.removeListener('request:start', onRequest);
    await expect(posted).toEqual([
      expect.objectContaining({
        order_amount: 4599,
        order_currency: 'INR',
        order_note: '2 × Summer dress (Medium, Blue)',
      }),
    ]);
    await expect(args.onSuccess).toHaveBeenCalledTimes(1);
  },
};

/** The custom UI shows the error its own way; changing the cart clears it. */
export const CustomCheckoutError: Story = {
  parameters: mockScenario('server_error'),
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹2,299.50' }));

    await expect(await canvas.findByRole('alert')).toHaveTextContent('The payment could not be started. Please try again.');
    await expect(canvas.getByRole('button', { name: 'Pay ₹2,299.50' })).not.toHaveAttribute('aria-busy');
    await expect(canvas.queryByRole('status')).not.toBeInTheDocument();
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 502 }));

    await userEvent.click(canvas.getByRole('button', { name: 'Add one' }));
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Pay ₹4,599.00' })).toBeVisible();
  },
};
