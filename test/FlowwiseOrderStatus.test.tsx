import { FlowwiseOrderStatus, FlowwiseProvider, type FlowwiseOrderStatusProps } from '@flowwise/react';
import { buildOrderSummary, mockCheckoutUrl, mockOrderStatusEndpoint } from '@flowwise/react/testing';
import { render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import axe from 'axe-core';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, setupMsw } from './support';

const server = setupMsw();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  history.replaceState(null, '', '/');
});

/** Lets `ms` of fake time pass, a second at a time, with the answers of the requests sent meanwhile. */
async function pass(ms: number) {
  for (let left = ms; left > 0; left -= 1000) {
    await vi.advanceTimersByTimeAsync(Math.min(1000, left));
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
  }
}

/** Fake time passes until the status region says `text`, for at most a minute of it. */
async function untilStatus(text: string) {
  for (let step = 0; step < 600 && screen.getByRole('status').textContent !== text; step += 1) await pass(100);
  expect(screen.getByRole('status')).toHaveTextContent(text);
  return screen.getByRole('status');
}

function renderStatus(props: FlowwiseOrderStatusProps = {}, provider: Partial<React.ComponentProps<typeof FlowwiseProvider>> = {}) {
  return render(
    <FlowwiseProvider queryClient={createTestQueryClient()} {...provider}>
      <FlowwiseOrderStatus {...props} />
    </FlowwiseProvider>,
  );
}

describe('<FlowwiseOrderStatus>', () => {
  it('says the payment is being confirmed, then that it was received, in one live region', async () => {
    history.replaceState(null, '', '/thanks?order_id=order_upi');
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 2 }));
    renderStatus();

    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Confirming your payment…');
    expect(status).toHaveAttribute('data-state', 'pending');
    await pass(1000);
    expect(screen.getByRole('status')).toBe(status);
    expect(status).toHaveTextContent('Confirming your payment…');

    await untilStatus('Payment received.');
    expect(screen.getByRole('status')).toBe(status);
    expect(status).toHaveAttribute('data-state', 'paid');
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it.each(['failed', 'user_dropped'] as const)('%s: the payment did not go through, with Try again to the same order', async (scenario) => {
    server.use(...mockOrderStatusEndpoint({ scenario }));
    renderStatus({ orderId: 'order_42' });

    const status = await untilStatus('The payment did not go through. Try again');
    expect(status).toHaveAttribute('data-state', 'failed');
    expect(screen.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', mockCheckoutUrl('order_42'));
    // axe schedules its work with timers: the real ones.
    vi.useRealTimers();
    expect((await axe.run(status, { rules: { 'color-contrast': { enabled: false } } })).violations).toEqual([]);
  });

  it('offers Try again only to a checkout_url on an allowed checkout origin', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'failed', summary: { checkout_url: 'https://evil.example/checkout/order_42' } }));
    const renderFailed = vi.fn((_summary, retryUrl?: string) => `failed, retry: ${String(retryUrl)}`);
    renderStatus({ orderId: 'order_42', renderFailed });

    await untilStatus('failed, retry: undefined');
    expect(renderFailed).toHaveBeenLastCalledWith(
      expect.objectContaining({ checkout_url: 'https://evil.example/checkout/order_42' }),
      undefined,
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('Try again follows checkoutOrigins, from the provider or the component', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'failed', summary: { checkout_url: 'http://localhost:4010/checkout/order_42' } }));
    renderStatus({ orderId: 'order_42' }, { checkoutOrigins: ['http://localhost:4010'] });

    await untilStatus('The payment did not go through. Try again');
    expect(screen.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', 'http://localhost:4010/checkout/order_42');
  });

  it('expired', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'expired' }));
    renderStatus({ orderId: 'order_42' });
    expect(await untilStatus('This order has expired.')).toHaveAttribute('data-state', 'expired');
  });

  it('a forged URL shows nothing paid: only order_id is read, and the server does not know it', async () => {
    history.replaceState(null, '', '/thanks?order_id=order_made_up&order_status=PAID');
    server.use(...mockOrderStatusEndpoint({ scenario: 'not_found' }));
    renderStatus();

    expect(await untilStatus('We could not find this order.')).toHaveAttribute('data-state', 'not_found');
    expect(document.body).not.toHaveTextContent(/paid|received/i);
  });

  it('a URL without order_id is not found, with nothing sent', async () => {
    history.replaceState(null, '', '/thanks?order_status=PAID');
    const onRequest = vi.fn();
    server.events.on('request:start', onRequest);
    renderStatus();

    expect(screen.getByRole('status')).toHaveTextContent('We could not find this order.');
    await pass(3000);
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('the store failing: the error state, then the answer once the store recovers', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'server_error' }));
    renderStatus({ orderId: 'order_42' });

    expect(await untilStatus('We could not check your payment just now. Please try again in a moment.')).toHaveAttribute(
      'data-state',
      'error',
    );
    server.use(...mockOrderStatusEndpoint({ scenario: 'paid' }));
    await untilStatus('Payment received.');
  });

  it('a busy store (429) does not freeze the page: it says it could not check, then the answer after the wait asked for', async () => {
    server.use(
      http.get('*/api/flowwise/orders', () =>
        HttpResponse.json(
          { message: 'Too many requests.', code: 'rate_limited', type: 'x' },
          { status: 429, headers: { 'retry-after': '3' } },
        ),
      ),
    );
    renderStatus({ orderId: 'order_42' });

    expect(await untilStatus('We could not check your payment just now. Please try again in a moment.')).toHaveAttribute(
      'data-state',
      'error',
    );
    server.use(...mockOrderStatusEndpoint({ scenario: 'paid' }));
    await untilStatus('Payment received.');
  });

  it('still pending after maxWaitMs: says so, never that it failed', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 1000 }));
    renderStatus({ orderId: 'order_42', maxWaitMs: 5000 });

    const status = await untilStatus('Your payment is still being confirmed. Please check again in a few minutes.');
    expect(status).toHaveAttribute('data-state', 'timed_out');
  });

  it('renderTimedOut gets the last (pending) summary', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 1000 }));
    renderStatus({
      orderId: 'order_42',
      maxWaitMs: 5000,
      renderTimedOut: (summary) => `${summary.outcome}: ${summary.payments[0]?.status}`,
    });

    await untilStatus('pending: PENDING');
  });

  it("the provider's messages reword each state", async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'failed' }));
    renderStatus({ orderId: 'order_42' }, { messages: { status_failed: 'Zahlung fehlgeschlagen.', status_retry: 'Nochmal versuchen' } });

    await untilStatus('Zahlung fehlgeschlagen. Nochmal versuchen');
    expect(screen.getByRole('link', { name: 'Nochmal versuchen' })).toBeInTheDocument();
  });

  it('render props replace each state, inside the live region, with the summary', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 1 }));
    const ref = createRef<HTMLDivElement>();
    renderStatus({
      orderId: 'order_42',
      ref,
      className: 'receipt',
      renderPending: (summary) => `waiting on ${summary?.payments[0]?.status ?? 'the first answer'}`,
      renderPaid: (summary) => <strong>Order {summary.order_id} is paid</strong>,
    } as FlowwiseOrderStatusProps);

    expect(screen.getByRole('status')).toHaveTextContent('waiting on the first answer');
    await untilStatus('waiting on PENDING');
    await untilStatus('Order order_42 is paid');
    expect(ref.current).toBe(screen.getByRole('status'));
    expect(ref.current).toHaveClass('receipt');
  });

  it('render props for error, expired and not found get what each state has', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'server_error' }));
    const { unmount } = renderStatus({ orderId: 'order_42', renderError: (error) => `${error.code} ${error.requestId}` });
    await untilStatus('bad_gateway req_flowwise_mock_0001');
    unmount();

    server.use(...mockOrderStatusEndpoint({ scenario: 'expired' }));
    const expired = renderStatus({ orderId: 'order_43', renderExpired: (summary) => `${summary.order_id} expired` });
    await untilStatus('order_43 expired');
    expired.unmount();

    server.use(...mockOrderStatusEndpoint({ scenario: 'not_found' }));
    renderStatus({ orderId: 'order_44', renderNotFound: () => 'no such order' });
    await untilStatus('no such order');
  });

  it('renders on first paint before any answer, with the summary in the query cache shared by every reader', async () => {
    server.use(...mockOrderStatusEndpoint({ scenario: 'paid' }));
    const client = createTestQueryClient();
    client.setQueryData(['flowwise', 'order', 'order_42'], buildOrderSummary({ order_id: 'order_42' }));
    render(
      <FlowwiseProvider queryClient={client}>
        <FlowwiseOrderStatus orderId="order_42" />
      </FlowwiseProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Payment received.');
  });
});
