import { FlowwiseOrderStatus, FlowwiseProvider } from '@flowwise/react';
import { mockOrderStatusEndpoint } from '@flowwise/react/testing';
import { cleanup, render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  cleanup();
  vi.useRealTimers();
});
afterAll(() => server.close());

it('keeps asking while the payment is pending, and says when it is paid', async () => {
  // Fresh handlers for each test: they count the requests about each order.
  server.use(...mockOrderStatusEndpoint({ scenario: 'pending_then_paid', pendingPolls: 2 }));
  // Only the clock and timers: msw still answers on the real event loop.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  render(
    <FlowwiseProvider>
      <FlowwiseOrderStatus orderId="order_1001" />
    </FlowwiseProvider>,
  );
  const status = screen.getByRole('status');

  // The first answer: pending. The page asks again 1 s later, then 2 s after that.
  await vi.waitFor(() => expect(status.getAttribute('data-state')).toBe('pending'));
  await vi.advanceTimersByTimeAsync(1000);
  expect(status.textContent).toBe('Confirming your payment…');
  await vi.advanceTimersByTimeAsync(2000);

  await vi.waitFor(() => expect(status.textContent).toBe('Payment received.'));
});
