import { FlowwiseCheckoutButton, FlowwiseProvider, flowwiseKeys, type CheckoutResult, type CreateOrderRequest } from '@flowwise/react';
import { useMutationState } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { createRef, StrictMode, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { requestExample, responseExample } from './spec';
import { createTestQueryClient, setupMsw, withQueryClient } from './support';

const server = setupMsw();
const order: CreateOrderRequest = structuredClone(requestExample);

/** A gate the endpoint waits at: it answers once the test calls `open()`, so 'pending' is seen however slow the machine is. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Answers every order with the spec example once `until` resolves (at once by default), recording each posted body. */
function answerOrders(until: Promise<void> = Promise.resolve()) {
  const bodies: CreateOrderRequest[] = [];
  server.use(
    http.post('*/api/flowwise/orders', async ({ request }) => {
      const body = (await request.json()) as CreateOrderRequest;
      bodies.push(body);
      await until;
      return HttpResponse.json({ ...responseExample, order_id: body.order_id });
    }),
  );
  return bodies;
}

describe('<FlowwiseCheckoutButton>', () => {
  it('is a real button that shows progress, stays focused, and hands the checkout URL to redirect', async () => {
    const { opened, open } = gate();
    answerOrders(opened);
    const redirect = vi.fn();
    const user = userEvent.setup();
    render(<FlowwiseCheckoutButton order={order} redirect={redirect} />, { wrapper: withQueryClient() });
    const button = screen.getByRole('button', { name: 'Pay now' });
    expect(button).toHaveAttribute('type', 'button');
    expect(button).toHaveAttribute('data-state', 'idle');
    expect(button).not.toHaveAttribute('aria-busy');

    await user.click(button);

    await waitFor(() => expect(button).toHaveAccessibleName('Processing…'));
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAttribute('data-state', 'pending');
    expect(button).not.toBeDisabled();
    expect(button).toHaveFocus();
    expect(redirect).not.toHaveBeenCalled();
    open();
    await waitFor(() => expect(redirect).toHaveBeenCalledWith(responseExample.checkout_url));
    expect(button).toHaveAttribute('data-state', 'redirecting');
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveFocus();
  });

  it('sends one request however many times it is clicked or activated by keyboard while busy', async () => {
    const { opened, open } = gate();
    const bodies = answerOrders(opened);
    const redirect = vi.fn();
    // A fresh order_id per build, as many storefronts do: only the button itself can stop a second payment.
    let n = 0;
    const build = () => ({ ...order, order_id: `order_${(n += 1)}` });
    render(<FlowwiseCheckoutButton order={build} redirect={redirect} />, { wrapper: withQueryClient() });
    const button = screen.getByRole('button');

    // Synchronous events: none of them gives React a chance to re-render in between.
    for (let i = 0; i < 50; i += 1) fireEvent.click(button);
    const user = userEvent.setup();
    button.focus();
    await user.keyboard('{Enter}{Enter} {Enter}');
    await user.click(button);
    // Every click and key press came while the first order was still waiting for its answer.
    await waitFor(() => expect(bodies).toHaveLength(1));
    open();

    await waitFor(() => expect(redirect).toHaveBeenCalledTimes(1));
    expect(bodies).toHaveLength(1);
  });

  it('posts the order of the latest render, not the one from an earlier render', async () => {
    const bodies = answerOrders();
    const user = userEvent.setup();
    function Cart() {
      const [quantity, setQuantity] = useState(1);
      return (
        <>
          <button type="button" onClick={() => setQuantity((q) => q + 1)}>
            Add one
          </button>
          <FlowwiseCheckoutButton order={{ ...order, order_amount: 100 * quantity }} redirect={() => undefined} />
        </>
      );
    }
    render(<Cart />, { wrapper: withQueryClient() });

    await user.click(screen.getByRole('button', { name: 'Add one' }));
    await user.click(screen.getByRole('button', { name: 'Add one' }));
    await user.click(screen.getByRole('button', { name: 'Pay now' }));

    await waitFor(() => expect(bodies.map((body) => body.order_amount)).toEqual([300]));
  });

  it('builds the order with an async function at click time', async () => {
    const bodies = answerOrders();
    const build = vi.fn(async () => ({ ...order, order_note: 'built at click' }));
    render(<FlowwiseCheckoutButton order={build} redirect={() => undefined} />, { wrapper: withQueryClient() });
    expect(build).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button'));

    await waitFor(() => expect(bodies).toEqual([{ ...order, order_note: 'built at click' }]));
  });

  it('shows the error in an alert linked to the button, and recovers on the next click', async () => {
    server.use(
      http.post(
        '*/api/flowwise/orders',
        () =>
          HttpResponse.json(
            { message: 'Invalid order amount. Amount must be greater than 0', code: 'invalid_amount', type: 'validation_error' },
            { status: 400 },
          ),
        { once: true },
      ),
    );
    const onError = vi.fn();
    const user = userEvent.setup();
    const redirect = vi.fn();
    render(<FlowwiseCheckoutButton order={order} onError={onError} redirect={redirect} aria-describedby="hint" />, {
      wrapper: withQueryClient(),
    });
    const button = screen.getByRole('button', { name: 'Pay now' });

    await user.click(button);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The payment could not be started. Please try again.');
    expect(alert).not.toHaveTextContent('Invalid order amount');
    expect(button.getAttribute('aria-describedby')?.split(' ')).toEqual(['hint', alert.id]);
    expect(button).toHaveAttribute('data-state', 'error');
    expect(button).toHaveAccessibleName('Pay now');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'http', status: 400 }));

    answerOrders();
    await user.click(button);
    await waitFor(() => expect(redirect).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('renders errors with renderError, or not at all with renderError={null}', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.error()));
    const user = userEvent.setup();
    const { unmount } = render(<FlowwiseCheckoutButton order={order} renderError={(error) => `Oops (${error.kind})`} />, {
      wrapper: withQueryClient(),
    });
    await user.click(screen.getByRole('button'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Oops (network)');
    unmount();

    render(<FlowwiseCheckoutButton order={order} renderError={null} />, { wrapper: withQueryClient() });
    await user.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByRole('button')).toHaveAttribute('data-state', 'error'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button')).not.toHaveAttribute('aria-describedby');
  });

  it('shows an unsafe checkout_url as an error and does not navigate', async () => {
    server.use(http.post('*/api/flowwise/orders', () => HttpResponse.json({ ...responseExample, checkout_url: 'javascript:alert(1)' })));
    const redirect = vi.fn();
    render(<FlowwiseCheckoutButton order={order} redirect={redirect} />, { wrapper: withQueryClient() });

    await userEvent.click(screen.getByRole('button'));

    expect(await screen.findByRole('alert')).toHaveTextContent('The payment page could not be verified, so you were not redirected.');
    expect(redirect).not.toHaveBeenCalled();
  });

  it('takes custom labels, native props, className, style and a ref', async () => {
    const { opened, open } = gate();
    answerOrders(opened);
    const ref = createRef<HTMLButtonElement>();
    render(
      <FlowwiseCheckoutButton
        ref={ref}
        order={order}
        redirect={() => undefined}
        className="pay"
        style={{ color: 'rebeccapurple' }}
        id="pay-button"
        name="pay"
        title="Pay with Flowwise"
        pendingChildren="Opening checkout…"
      >
        Pay ₹2,299.50
      </FlowwiseCheckoutButton>,
      { wrapper: withQueryClient() },
    );
    const button = screen.getByRole('button', { name: 'Pay ₹2,299.50' });
    expect(ref.current).toBe(button);
    expect(button).toHaveClass('pay');
    expect(button).toHaveStyle({ color: 'rgb(102, 51, 153)' });
    expect(button).toHaveAttribute('id', 'pay-button');
    expect(button).toHaveAttribute('title', 'Pay with Flowwise');

    await userEvent.click(button);
    expect(await screen.findByRole('button', { name: 'Opening checkout…' })).toBe(button);
    open();
  });

  it("calls the shopper's onClick first, and does nothing if it called preventDefault", async () => {
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    const onClick = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    render(<FlowwiseCheckoutButton order={order} onClick={onClick} />, { wrapper: withQueryClient() });

    await userEvent.click(screen.getByRole('button'));

    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button')).toHaveAttribute('data-state', 'idle');
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('sends nothing while disabled', async () => {
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    render(<FlowwiseCheckoutButton order={order} disabled />, { wrapper: withQueryClient() });

    fireEvent.click(screen.getByRole('button'));
    await userEvent.click(screen.getByRole('button'));

    expect(screen.getByRole('button')).toBeDisabled();
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('works in StrictMode under a FlowwiseProvider, sending one request', async () => {
    const bodies = answerOrders();
    const redirect = vi.fn();
    render(
      <StrictMode>
        <FlowwiseProvider>
          <FlowwiseCheckoutButton order={order} redirect={redirect} />
        </FlowwiseProvider>
      </StrictMode>,
    );

    await userEvent.click(screen.getByRole('button'));

    await waitFor(() => expect(redirect).toHaveBeenCalledTimes(1));
    expect(bodies).toHaveLength(1);
  });

  it('aborts the request when unmounted while pending, without a console error', async () => {
    let aborted = false;
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        request.signal.addEventListener('abort', () => {
          aborted = true;
        });
        await delay('infinite');
        return HttpResponse.json(responseExample);
      }),
    );
    const consoleError = vi.spyOn(console, 'error');
    const onError = vi.fn();
    const redirect = vi.fn();
    const client = createTestQueryClient();
    const { unmount } = render(<FlowwiseCheckoutButton order={order} onError={onError} redirect={redirect} />, {
      wrapper: withQueryClient(client),
    });
    await userEvent.click(screen.getByRole('button'));
    await waitFor(() => expect(screen.getByRole('button')).toHaveAttribute('data-state', 'pending'));

    unmount();

    await waitFor(() => expect(aborted).toBe(true));
    // Settled (as cancelled), and nothing told the unmounted button about it.
    await waitFor(() => expect(client.isMutating()).toBe(0));
    expect(client.getMutationCache().getAll()[0]?.state.error).toMatchObject({ kind: 'network' });
    expect(onError).not.toHaveBeenCalled();
    expect(redirect).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
  });
  it('ignores an answer that arrives after timeoutMs, then recovers so a second click works', async () => {
    let attempt = 0;
    // The first answer waits until the test has seen the timeout, then is sent late.
    let sendLate = () => {};
    const late = new Promise<void>((resolve) => (sendLate = resolve));
    let lateSent = false;
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        attempt += 1;
        if (attempt === 1) {
          await late;
          lateSent = true;
          return HttpResponse.json({ ...responseExample, checkout_url: 'https://payments.flowwise.com/checkout/late' });
        }
        return HttpResponse.json(responseExample);
      }),
    );
    const redirect = vi.fn();
    const user = userEvent.setup();
    render(<FlowwiseCheckoutButton order={order} redirect={redirect} timeoutMs={40} />, {
      wrapper: withQueryClient(),
    });
    const button = screen.getByRole('button');

    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('The payment took too long to start. Please try again.');
    expect(button).toHaveAttribute('data-state', 'error');
    expect(button).not.toHaveAttribute('aria-busy');
    sendLate();
    await waitFor(() => expect(lateSent).toBe(true));
    expect(redirect).not.toHaveBeenCalled();

    await user.click(button);
    await waitFor(() => expect(redirect).toHaveBeenCalledExactlyOnceWith(responseExample.checkout_url));
    expect(attempt).toBe(2);
  });

  it("records its checkout under ['flowwise', 'checkout'], where useMutationState finds the checkout_url", async () => {
    answerOrders();
    const client = createTestQueryClient();
    function CheckoutUrls() {
      const urls = useMutationState({
        filters: { mutationKey: flowwiseKeys.checkout },
        select: (mutation) => (mutation.state.data as CheckoutResult | undefined)?.response.checkout_url,
      });
      return <output aria-label="checkout urls">{urls.filter(Boolean).join(' ')}</output>;
    }
    render(
      <>
        <FlowwiseCheckoutButton order={order} redirect={false} />
        <CheckoutUrls />
      </>,
      { wrapper: withQueryClient(client) },
    );

    await userEvent.setup().click(screen.getByRole('button'));

    await waitFor(() => expect(screen.getByLabelText('checkout urls')).toHaveTextContent(responseExample.checkout_url));
    expect(client.getMutationCache().findAll({ mutationKey: flowwiseKeys.checkout })).toHaveLength(1);
    expect(client.getMutationCache().findAll({ mutationKey: flowwiseKeys.createOrder, exact: true })).toHaveLength(0);
  });
});
