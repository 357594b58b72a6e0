import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context';
import { decodeOrderId, isOwnOrigin, readBody, sendError, sendJson } from './http';
import { payOptionsProblem } from './payOptions';
import type { SandboxPayOptions } from './types';

const MAX_OPTIONS_BYTES = 4096;

/**
 * Whether a browser says this request comes from another site's page. A test process sends neither
 * `Sec-Fetch-Site` nor `Origin`; a browser on the sandbox's own pages says same-origin.
 */
function crossSite(req: IncomingMessage, origin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  const from = req.headers.origin;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  return from !== undefined && !isOwnOrigin(from, req, origin);
}

/**
 * The sandbox's own routes under `/__sandbox/`, for tests and drills in another process:
 * `GET /__sandbox/stats` (the counts of `sandbox.stats()`) and `POST /__sandbox/orders/:order_id/pay`
 * (what `sandbox.pay()` does, its options as the JSON body). Refused from another site's page.
 */
export async function adminRoute(context: SandboxContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (crossSite(req, context.origin())) {
    req.resume();
    return sendError(
      res,
      403,
      'The sandbox takes no /__sandbox/ request from another site.',
      'cross_site_request',
      'invalid_request_error',
    );
  }
  if (pathname === '/__sandbox/stats') {
    req.resume();
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendError(res, 405, 'Use GET to read the stats.', 'method_not_allowed', 'invalid_request_error');
    }
    return sendJson(res, 200, context.calls.stats());
  }
  const pay = /^\/__sandbox\/orders\/([^/]+)\/pay$/.exec(pathname);
  if (!pay) {
    req.resume();
    return sendError(res, 404, `No route for ${req.method} ${pathname}.`, 'not_found', 'invalid_request_error');
  }
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, 'Use POST to pay an order.', 'method_not_allowed', 'invalid_request_error');
  }
  // JSON only: a cross-site form cannot send it, and a cross-site fetch of it needs CORS, which the sandbox never answers.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    req.resume();
    return sendError(
      res,
      415,
      'The pay options must be JSON (Content-Type: application/json).',
      'unsupported_media_type',
      'invalid_request_error',
    );
  }
  const body = await readBody(req, MAX_OPTIONS_BYTES);
  if (body === undefined) return sendError(res, 413, 'The pay options are too large.', 'payload_too_large', 'invalid_request_error');
  let options: unknown;
  try {
    options = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return sendError(res, 400, 'The pay options are not valid JSON.', 'invalid_json', 'validation_error');
  }
  const problem = payOptionsProblem(options);
  if (problem) return sendError(res, 400, problem, 'invalid_pay_options', 'validation_error');
  const orderId = decodeOrderId(pay[1]!);
  if (orderId === undefined) {
    return sendError(res, 400, 'The order id in the path has a malformed % escape.', 'invalid_request_target', 'invalid_request_error');
  }
  const paid = context.state.pay(orderId, options as SandboxPayOptions);
  if ('refused' in paid)
    return sendError(res, paid.refused === 'not_found' ? 404 : 409, paid.message, paid.refused, 'invalid_request_error');
  sendJson(res, 200, paid);
}
