import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { requestExample } from './spec';

it('imports and renders on the server without touching window', async () => {
  expect(typeof window).toBe('undefined');
  const { FlowwiseCheckoutButton, FlowwiseProvider } = await import('@flowwise/react');

  const html = renderToString(
    <FlowwiseProvider>
      <FlowwiseCheckoutButton order={requestExample} className="pay">
        Pay ₹2,299.50
      </FlowwiseCheckoutButton>
    </FlowwiseProvider>,
  );

  expect(html).toBe('<button class="pay" type="button" data-state="idle">Pay ₹2,299.50</button>');
});
