import { renderToString } from 'react-dom/server';
import { expect, it, vi } from 'vitest';

it('a return page renders on the server with no window: pending, and nothing is fetched', async () => {
  expect(typeof window).toBe('undefined');
  const fetch = vi.fn<typeof globalThis.fetch>();
  const { FlowwiseOrderStatus, FlowwiseProvider, useFlowwiseReturn } = await import('@flowwise/react');
  let orderId: string | null | undefined = 'not read';
  function ReturnPage() {
    orderId = useFlowwiseReturn({ fetch }).orderId;
    return <FlowwiseOrderStatus fetch={fetch} className="status" />;
  }

  const html = renderToString(
    <FlowwiseProvider>
      <ReturnPage />
    </FlowwiseProvider>,
  );

  expect(html).toBe('<div class="status" role="status" data-state="pending">Confirming your payment…</div>');
  expect(orderId).toBeUndefined();
  expect(fetch).not.toHaveBeenCalled();
});
