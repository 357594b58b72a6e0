import { createHash } from 'node:crypto';
import type { SandboxOrder, SandboxPayment, SandboxRequest } from './types';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `₹2,299.50`, or `2299.50 XYZ` for a code Intl does not know. */
export function formatAmount(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-IN', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const styles = `
  :root { color-scheme: light; --ink: #15161a; --muted: #5d6270; --line: #e3e5ea; --brand: #3b3fd8; --bad: #c62839; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
    background: linear-gradient(160deg, #eef0ff 0%, #f7f7f9 55%); }
  main { width: 100%; max-width: 420px; background: #fff; border: 1px solid var(--line); border-radius: 16px;
    box-shadow: 0 12px 32px rgba(21, 22, 26, 0.08); padding: 28px; }
  header { display: flex; align-items: center; justify-content: space-between; margin-bottom: 24px; }
  .brand { font-weight: 700; letter-spacing: -0.01em; }
  .brand span { color: var(--brand); }
  .badge { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: #8a5a00;
    background: #fff3d6; border-radius: 999px; padding: 2px 10px; }
  h1 { font-size: 14px; font-weight: 500; color: var(--muted); margin: 0; }
  .amount { font-size: 40px; font-weight: 700; letter-spacing: -0.02em; margin: 4px 0 20px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 8px 16px; margin: 0 0 24px; font-size: 14px; }
  dt { color: var(--muted); }
  dd { margin: 0; text-align: right; overflow-wrap: anywhere; }
  form { display: grid; grid-template-columns: 2fr 1fr; gap: 12px; margin: 0; }
  .upi, .back { grid-column: 1 / -1; }
  button { font: inherit; font-weight: 600; border-radius: 10px; padding: 12px 16px; cursor: pointer; border: 1px solid transparent; }
  button:focus-visible { outline: 3px solid #9fa2ff; outline-offset: 2px; }
  .pay { background: var(--brand); color: #fff; }
  .pay:hover { background: #2f32b8; }
  .fail { background: #fff; color: var(--bad); border-color: #f0c2c8; }
  .fail:hover { background: #fff5f6; }
  .upi { background: #fff; color: var(--brand); border-color: #c9cbf5; }
  .upi:hover { background: #f3f3ff; }
  .back { background: none; color: var(--muted); font-weight: 500; text-decoration: underline; padding: 4px; }
  .note { font-size: 13px; color: var(--muted); margin: 20px 0 0; text-align: center; }
  .status { font-size: 20px; font-weight: 600; margin: 0 0 8px; }
  pre { font-size: 12px; background: #f7f7f9; border: 1px solid var(--line); border-radius: 8px; padding: 8px;
    margin: 8px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/**
 * The `style-src` source that allows the pages' one inline `<style>` and nothing else, so their
 * Content-Security-Policy needs no 'unsafe-inline'.
 */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(styles).digest('base64')}'`;

/**
 * The checkout page's one script: as the shopper leaves the page without choosing (closing the tab,
 * going back, following a link), it posts `outcome=left` with the page's token as a beacon, which records
 * a USER_DROPPED payment. A choice made with the form sends no beacon.
 */
const leaveBeacon = `
const form = document.forms[0];
let chosen = false;
form.addEventListener('submit', () => { chosen = true; });
addEventListener('pagehide', () => {
  if (chosen) return;
  const body = new URLSearchParams(new FormData(form));
  body.set('outcome', 'left');
  navigator.sendBeacon(form.action, body);
});
`;

/** The `script-src` source that allows {@link leaveBeacon} and no other script. */
export const PAGE_SCRIPT_SOURCE = `'sha256-${createHash('sha256').update(leaveBeacon).digest('base64')}'`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
<header><div class="brand">flow<span>wise</span></div><div class="badge">Sandbox</div></header>
${body}
</main>
</body>
</html>`;
}

/**
 * The hosted checkout page of an order: what it costs, "Pay" / "Fail" buttons, "Pay by UPI" when the
 * order's `payment_methods` allow it, and "Back to the shop". The form carries the order's
 * `checkoutToken`, which the sandbox asks back before it takes an outcome.
 */
export function checkoutPage(order: SandboxOrder, checkoutToken: string, upi: boolean): string {
  const { request } = order;
  const amount = formatAmount(request.order_amount, request.order_currency);
  const rows: Array<[string, string | undefined]> = [
    ['Order', request.order_id],
    ['Currency', request.order_currency],
    ['Note', request.order_note],
    ['Customer', request.customer_details.customer_email],
  ];
  const details = rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const action = `/checkout/${encodeURIComponent(request.order_id)}`;
  return page(
    `Pay ${amount} · Flowwise sandbox`,
    `<h1>Amount to pay</h1>
<p class="amount" data-testid="amount">${escapeHtml(amount)}</p>
<dl>${details}</dl>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="checkout_token" value="${escapeHtml(checkoutToken)}">
<button class="pay" type="submit" name="outcome" value="paid">Pay</button>
<button class="fail" type="submit" name="outcome" value="failed">Fail</button>
${upi ? '<button class="upi" type="submit" name="outcome" value="upi">Pay by UPI</button>\n' : ''}<button class="back" type="submit" name="outcome" value="cancelled">Back to the shop</button>
</form>
<p class="note">Test payment page: no money moves. “Fail” simulates a declined payment.${upi ? ' “Pay by UPI” stays pending for a while, as an approval in a UPI app does.' : ''}</p>
<script>${leaveBeacon}</script>`,
  );
}

const STATUS_TEXT: Record<string, string> = {
  PAID: 'This order has been paid.',
  EXPIRED: 'This order has expired.',
  ACTIVE: 'This order is waiting for payment.',
};

/** What happened to a payment just made, for an order with no `return_base_url` to go back to. */
const PAYMENT_TEXT: Record<string, string> = {
  SUCCESS: 'This order has been paid.',
  FAILED: 'The payment for this order failed. Open the checkout link again to try once more.',
  PENDING: 'Waiting for the UPI payment to be approved.',
  USER_DROPPED: 'You left the checkout. The order was not paid.',
};

/**
 * The page for an order that cannot be paid now (paid, expired, or with a UPI payment waiting for
 * approval), or, with `payment`, the outcome of a choice on an order with no `return_base_url`.
 */
export function statusPage(order: SandboxOrder, payment?: SandboxPayment): string {
  const { request } = order;
  const pending = order.payments.find((attempt) => attempt.status === 'PENDING');
  const text = payment
    ? PAYMENT_TEXT[payment.status]
    : pending && order.status === 'ACTIVE'
      ? PAYMENT_TEXT.PENDING
      : STATUS_TEXT[order.status];
  return page(
    `Order ${order.status.toLowerCase()} · Flowwise sandbox`,
    `<p class="status">${escapeHtml(text ?? order.status)}</p>
<dl><dt>Order</dt><dd>${escapeHtml(request.order_id)}</dd>
<dt>Amount</dt><dd>${escapeHtml(formatAmount(request.order_amount, request.order_currency))}</dd>
<dt>Status</dt><dd>${escapeHtml(order.status)}</dd></dl>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Order not found · Flowwise sandbox',
    '<p class="status">No such order.</p><p class="note">Orders live in memory and are gone when the sandbox restarts.</p>',
  );
}

/** A `/checkout/…` link whose order id cannot be decoded (a broken `%` escape). */
export function malformedLinkPage(): string {
  return page(
    'Bad checkout link · Flowwise sandbox',
    '<p class="status">This checkout link is malformed.</p><p class="note">Its order id has a broken % escape. Use the checkout_url the order was created with.</p>',
  );
}

/** The answer to a Pay or Fail that did not come from the order's own checkout page. */
export function forbiddenPage(): string {
  return page(
    'Not confirmed · Flowwise sandbox',
    '<p class="status">This payment was not confirmed.</p><p class="note">Pay and Fail only count when they are sent from this order’s checkout page. Open the checkout link again and choose there.</p>',
  );
}

const SHOWN_REQUESTS = 10;
const SHOWN_BODY_CHARACTERS = 500;

/**
 * The sandbox's home page: where the API is, the orders so far and, when requests are recorded, the
 * bodies of the last few (never their headers, which hold the client secret).
 */
export function indexPage(
  apiBaseUrl: string,
  clientId: string,
  orders: Iterable<SandboxOrder>,
  requests: readonly SandboxRequest[] | undefined,
): string {
  const list = [...orders]
    .reverse()
    .slice(0, 20)
    .map(
      (order) =>
        `<dt><a href="/checkout/${encodeURIComponent(order.request.order_id)}">${escapeHtml(order.request.order_id)}</a></dt>` +
        `<dd>${escapeHtml(formatAmount(order.request.order_amount, order.request.order_currency))} · ${escapeHtml(order.status)}</dd>`,
    )
    .join('');
  return page(
    'Flowwise sandbox',
    `<p class="status">Local Flowwise sandbox</p>
<dl><dt>API</dt><dd><code>POST ${escapeHtml(apiBaseUrl)}/orders</code></dd>
<dt>Client id</dt><dd><code>${escapeHtml(clientId)}</code></dd></dl>
${list ? `<h1>Recent orders</h1><dl>${list}</dl>` : '<p class="note">No orders yet.</p>'}
${requestList(requests)}`,
  );
}

function requestList(requests: readonly SandboxRequest[] | undefined): string {
  if (!requests) return '<p class="note">Order requests are not recorded.</p>';
  if (requests.length === 0) return '<p class="note">No order requests recorded yet.</p>';
  const shown = requests
    .slice(-SHOWN_REQUESTS)
    .reverse()
    .map(({ body }) => {
      const text = body.length > SHOWN_BODY_CHARACTERS ? `${body.slice(0, SHOWN_BODY_CHARACTERS)}… (${body.length} characters)` : body;
      return `<pre>${escapeHtml(text)}</pre>`;
    })
    .join('');
  return `<h1>Recent requests (the last ${Math.min(requests.length, SHOWN_REQUESTS)} recorded, newest first)</h1>${shown}`;
}
