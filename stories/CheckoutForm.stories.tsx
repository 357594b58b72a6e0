import { mockCreateOrderEndpoint } from '@flowwise/react/testing';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { CheckoutForm, contactSchema } from './CheckoutForm';
import checkoutFormSource from './CheckoutForm.tsx?raw';
import { RedirectNotice, useRedirectPreview } from './support/RedirectPreview';

const usage = `
A checkout form needs a sentence next to each input. \`getFieldErrors(error, messages?)\` turns a checkout's
\`FlowwiseError\` (a \`validation\` error from the \`schema\` checked in the browser, or your endpoint's 400
\`invalid_payload\`) into one shopper sentence per field path, looked up in \`messages\` by the field's name,
never the schema's own words (those are for developers, in \`error.issues\`):

\`\`\`tsx
const { checkout, error } = useFlowwiseCheckout({ schema: contactSchema });
const fieldErrors = getFieldErrors(error, { email: 'Enter a valid e-mail address.' });
// fieldErrors['customer.email'] === 'Enter a valid e-mail address.'
\`\`\`

The stories below are one form (\`stories/CheckoutForm.tsx\`) checked in the browser, and checked only by
the endpoint (mocked with \`mockCreateOrderEndpoint({ schema })\`, which answers as \`createOrderHandler\` would).
`;

/** The form's own endpoint, answered by the real handler with the form's schema. */
const endpoint = '/mock-flowwise/contact/orders';

const meta = {
  title: 'Recipes/Checkout form with field errors',
  component: CheckoutForm,
  tags: ['autodocs'],
  args: { endpoint, onSuccess: fn(), onError: fn() },
  argTypes: {
    redirect: { control: false },
    headers: { control: false },
    fetch: { control: false },
    queryClient: { control: false },
  },
  parameters: {
    docs: { description: { component: usage }, source: { language: 'tsx', code: checkoutFormSource } },
    msw: { handlers: { contact: mockCreateOrderEndpoint({ schema: contactSchema, endpoint }) } },
  },
  render: function Render(args) {
    const { href, redirect } = useRedirectPreview();
    return (
      <>
        <CheckoutForm {...args} redirect={args.redirect ?? redirect} />
        <RedirectNotice href={href} />
      </>
    );
  },
} satisfies Meta<typeof CheckoutForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Checked in the browser: each field gets its sentence, and nothing is sent until both are right. */
export const CheckedInTheBrowser: Story = {
  args: { checkInBrowser: true },
  play: async ({ canvas, userEvent, msw }) => {
    const posted: unknown[] = [];
    const onRequest = ({ request }: { request: Request }) => void (request.method === 'POST' && posted.push(request.url));
    msw.events.on('request:start', onRequest);

    await userEvent.type(canvas.getByLabelText('E-mail'), 'priya@');
    await userEvent.type(canvas.getByLabelText('Phone'), '12');
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹499.00' }));

    await waitFor(() => expect(canvas.getByLabelText('E-mail')).toHaveAccessibleDescription('Enter a valid e-mail address.'));
    await expect(canvas.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    await expect(canvas.getByLabelText('Phone')).toHaveAccessibleDescription(
      'Enter a phone number of 10 to 13 digits, such as +919876543210.',
    );
    await expect(posted).toEqual([]);

    await userEvent.clear(canvas.getByLabelText('E-mail'));
    await userEvent.type(canvas.getByLabelText('E-mail'), 'priya@example.com');
    await userEvent.clear(canvas.getByLabelText('Phone'));
    await userEvent.type(canvas.getByLabelText('Phone'), '+919876543210');
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹499.00' }));

    await expect(await canvas.findByRole('status', {}, { timeout: 3000 })).toHaveTextContent(
      /https:\/\/payments\.flowwise\.com\/checkout\//,
    );
    await expect(canvas.getByLabelText('E-mail')).not.toHaveAttribute('aria-invalid');
    await expect(posted).toHaveLength(1);
    msw.events.removeListener('request:start', onRequest);
  },
};

/** Checked only by the endpoint: its 400 names both fields, and the form shows the same sentences. */
export const CheckedByTheEndpoint: Story = {
  args: { checkInBrowser: false },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText('E-mail'), 'priya@');
    await userEvent.type(canvas.getByLabelText('Phone'), '12');
    await userEvent.click(canvas.getByRole('button', { name: 'Pay ₹499.00' }));

    await waitFor(() => expect(canvas.getByLabelText('E-mail')).toHaveAccessibleDescription('Enter a valid e-mail address.'));
    await expect(canvas.getByLabelText('Phone')).toHaveAccessibleDescription(
      'Enter a phone number of 10 to 13 digits, such as +919876543210.',
    );
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 400, code: 'invalid_payload' }));
    await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
  },
};
