// The benchmark page: FlowwiseCheckoutButton and a plain <button> doing the same work by hand, side by
// side, both posting to the same instant loopback endpoint. bench.ts bundles this and drives it.
import { Profiler, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { FlowwiseCheckoutButton, FlowwiseProvider, type CreateOrderRequest } from '@flowwise/react';

const order: CreateOrderRequest = {
  order_id: 'bench_order_1',
  order_amount: 499.5,
  order_currency: 'INR',
  customer_details: { customer_id: 'shopper_1', customer_email: 'shopper@example.com' },
};

// Set in the capture phase on the window: the moment the click event starts being dispatched.
let clickedAt = 0;
window.addEventListener('click', () => (clickedAt = performance.now()), true);

let redirected: (url: string) => void = () => {};
const redirect = (url: string) => redirected(url);
let commits = 0;

async function payByHand() {
  const response = await fetch(new URL('/api/flowwise/orders', location.href), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(order),
  });
  const json = JSON.parse(await response.text()) as { checkout_url: string };
  redirect(json.checkout_url);
}

function Baseline() {
  return (
    <button type="button" data-testid="baseline" onClick={() => void payByHand()}>
      Pay (baseline)
    </button>
  );
}

let remount: () => void = () => {};

function App() {
  // A new key gives a fresh button, idle again, for every checkout.
  const [key, setKey] = useState(0);
  useEffect(() => {
    remount = () => setKey((k) => k + 1);
  }, []);
  return (
    <FlowwiseProvider>
      <Profiler id="button" onRender={(_, phase) => phase !== 'mount' && commits++}>
        <FlowwiseCheckoutButton key={key} data-testid="flowwise" order={order} redirect={redirect} />
      </Profiler>
      <Baseline />
    </FlowwiseProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** One click on `testId`: milliseconds from the click event to the redirect, and the button's commits. */
async function checkout(testId: 'flowwise' | 'baseline'): Promise<{ ms: number; commits: number }> {
  flushSync(() => remount());
  await settle();
  commits = 0;
  const done = new Promise<number>((resolve) => (redirected = () => resolve(performance.now())));
  document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();
  const ms = (await done) - clickedAt;
  await settle(); // let any commit that follows the redirect call be counted
  return { ms, commits };
}

Object.assign(window, { checkout });
