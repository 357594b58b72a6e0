import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRoute } from './admin';
import { createOrderRoute, readOrderRoute } from './api';
import { checkoutRoute } from './checkoutRoutes';
import type { SandboxContext } from './context';
import { isOwnHost } from './hosts';
import { decodeOrderId, requestId, sendError, sendPage } from './http';
import { indexPage } from './pages';

/** Sends each request to its route: the API under `/router`, the checkout pages, and the home page. */
export async function route(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('X-Request-Id', requestId());
  const origin = context.origin();
  // Before anything else: a request for another name reads nothing, changes nothing and counts for nothing.
  if (!isOwnHost(req.headers.host, origin, context.allowedHosts)) {
    req.resume();
    return sendError(
      res,
      403,
      `This sandbox answers only requests addressed to ${origin}, or to localhost, 127.0.0.1 or [::1] on its port; ` +
        `this one was addressed to ${JSON.stringify(req.headers.host ?? '')}. To reach it by that name, start it with ` +
        `allowedHosts: ['<name>'] (flowwise-sandbox --allowed-host <name>).`,
      'host_not_allowed',
      'invalid_request_error',
    );
  }
  let pathname: string;
  try {
    ({ pathname } = new URL(req.url ?? '/', origin));
  } catch {
    // e.g. `GET //[ HTTP/1.1`: Node accepts the request line, but it names no path on this server.
    req.resume();
    return sendError(res, 400, 'The request target is not a valid URL path.', 'invalid_request_target', 'invalid_request_error');
  }
  const read = /^\/router\/orders\/([^/]+)(\/payments)?$/.exec(pathname);
  if (read) {
    if (req.method !== 'GET') {
      req.resume();
      res.setHeader('Allow', 'GET');
      return sendError(res, 405, 'Use GET to read an order or its payments.', 'method_not_allowed', 'invalid_request_error');
    }
    return readOrderRoute(context, req, res, decodeOrderId(read[1]!), read[2] !== undefined);
  }
  if (pathname === '/router/orders') {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, 405, 'Use POST to create an order.', 'method_not_allowed', 'invalid_request_error');
    }
    return createOrderRoute(context, req, res);
  }
  if (pathname.startsWith('/__sandbox/')) return adminRoute(context, req, res, pathname);
  const checkout = /^\/checkout\/([^/]+)$/.exec(pathname);
  if (checkout) return checkoutRoute(context, req, res, checkout[1]!);
  if (pathname === '/' && req.method === 'GET') {
    const { state } = context;
    for (const order of state.orders.values()) state.currentStatus(order);
    return sendPage(
      res,
      200,
      indexPage(`${origin}/router`, context.clientId, state.orders.values(), context.recordRequests ? state.requests : undefined),
    );
  }
  sendError(res, 404, `No route for ${req.method} ${pathname}.`, 'not_found', 'invalid_request_error');
}
