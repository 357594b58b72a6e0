import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import { decodeOrderId, isOwnOrigin, readBody, sendPage } from './http';
import { checkoutPage, forbiddenPage, malformedLinkPage, notFoundPage, statusPage } from './pages';
import { sameSecret } from './sameSecret';
import { acceptsUpi, isOutcome } from './state';
import type { SandboxOrder } from './types';

const MAX_FORM_BYTES = 4096;

/**
 * Whether a browser sent this request from one of the sandbox's own pages. `Sec-Fetch-Site` and
 * `Origin`, whichever are there, must both say so, and one of them must be there: every browser
 * sends at least one with a form post, and another site's page cannot forge either. The origin may
 * be the sandbox's own or the one in `Host` (the same server reached as `localhost`).
 */
export function fromOwnPage(req: IncomingMessage, origin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  const from = req.headers.origin;
  if (site === undefined && from === undefined) return false;
  if (site !== undefined && site !== 'same-origin') return false;
  return from === undefined || isOwnOrigin(from, req, origin);
}

/** A choice posted from the checkout page's form: Pay, Fail, Pay by UPI, Back to the shop, or the leave beacon. */
async function completeCheckout(context: SandboxContext, order: SandboxOrder, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = context;
  const form = new URLSearchParams((await readBody(req, MAX_FORM_BYTES)) ?? '');
  // Checked first: a refused post changes nothing and tells nothing about the order.
  if (!fromOwnPage(req, context.origin()) || !sameSecret(form.get('checkout_token'), state.tokenOf(order))) {
    return sendPage(res, 403, forbiddenPage());
  }
  const outcome = form.get('outcome');
  if (!state.payable(order)) return sendPage(res, 409, statusPage(order));
  if (!isOutcome(outcome) || (outcome === 'upi' && !acceptsUpi(order))) {
    return sendPage(res, 400, checkoutPage(order, state.tokenOf(order), acceptsUpi(order)));
  }
  const payment = state.recordPayment(order, outcome);
  // The page's beacon as the shopper leaves: nobody reads the answer, so nothing to redirect to.
  if (outcome === 'left') return void res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
  const returnUrl = order.request.return_base_url;
  if (!returnUrl) return sendPage(res, 200, statusPage(order, payment));
  // Flowwise appends the order id and nothing else: the store must ask Flowwise how the payment went.
  const target = new URL(returnUrl);
  target.searchParams.set('order_id', order.request.order_id);
  res.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' });
  res.end();
}

/** The hosted checkout page, `/checkout/:order_id`: the page itself (GET), or a choice on it (POST). */
export async function checkoutRoute(context: SandboxContext, req: IncomingMessage, res: ServerResponse, segment: string): Promise<void> {
  const orderId = decodeOrderId(segment);
  if (orderId === undefined) {
    req.resume();
    return sendPage(res, 400, malformedLinkPage());
  }
  const order = context.state.orders.get(orderId);
  if (!order) return sendPage(res, 404, notFoundPage());
  if (req.method === 'POST') return completeCheckout(context, order, req, res);
  const { state } = context;
  return sendPage(res, 200, state.payable(order) ? checkoutPage(order, state.tokenOf(order), acceptsUpi(order)) : statusPage(order));
}
