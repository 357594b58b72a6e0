import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CreateOrderRequest } from '../src/schemas';
import { exampleErrorResponses } from '../src/testing/fixtures';
import { CALL_NAMES } from './calls';
import type { SandboxContext } from './context';
import { drawsFault, drawsUnsafeUrl, injectFault } from './faults';
import { readBody, sendError, sendJson } from './http';
import { sameSecret } from './sameSecret';
import type { SandboxCallKind, SandboxRequest } from './types';
import { validateOrder } from './validateOrder';

const MAX_BODY_BYTES = 1024 * 1024;

/** Whether `req` carries the sandbox's `x-client-id` and `x-client-secret`. */
function authenticated(context: SandboxContext, req: IncomingMessage): boolean {
  return sameSecret(req.headers['x-client-id'], context.clientId) && sameSecret(req.headers['x-client-secret'], context.clientSecret);
}

/**
 * What every API request goes through once its body is read: the configured latency; then, with valid
 * credentials, the count of its kind of call and its rate limit; then the fault (if this request draws
 * it); then the credential check. `false` when it has answered the request.
 */
async function admitted(
  context: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  authentic: boolean,
  kind: SandboxCallKind,
): Promise<boolean> {
  const behaviour = context.behaviour();
  const { latencyMs = 0 } = behaviour;
  if (latencyMs > 0) await context.waits.wait(latencyMs);
  if (authentic) {
    const limit = behaviour.rateLimits?.[kind];
    const { admitted: through, headers } = context.calls.take(kind, limit);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (!through) {
      const retry = headers['x-ratelimit-retry'];
      sendError(
        res,
        429,
        `Too many ${CALL_NAMES[kind]} calls: at most ${limit} a minute. Retry after ${retry} s.`,
        'rate_limit_exceeded',
        'rate_limit_error',
      );
      return false;
    }
  }
  const { fault } = behaviour;
  if (fault && drawsFault(behaviour)) {
    await injectFault(context, fault, req, res);
    return false;
  }
  if (!authentic) {
    const { message, code, type } = exampleErrorResponses[401];
    sendError(res, 401, message, code, type);
    return false;
  }
  return true;
}

/** Create Order (`POST /router/orders`). */
export async function createOrderRoute(context: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const authentic = authenticated(context, req);
  // A stranger's body is read through (so the connection stays usable) but never held or recorded.
  const body = await readBody(req, MAX_BODY_BYTES, authentic);
  if (authentic) {
    const received: SandboxRequest = { headers: { ...req.headers }, body: body ?? '' };
    context.state.record(received);
    context.onRequest?.(received);
  }
  if (!(await admitted(context, req, res, authentic, 'createOrder'))) return;
  if (body === undefined) return sendError(res, 413, 'The request body is too large.', 'payload_too_large', 'invalid_request_error');
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendError(res, 415, 'The request body must be JSON.', 'unsupported_media_type', 'invalid_request_error');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return sendError(res, 400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
  }
  const problem = validateOrder(json);
  if (problem) return sendError(res, 400, problem.message, problem.code, 'validation_error');

  const order = context.state.createOrder(json as CreateOrderRequest, context.origin());
  if (order === 'already_exists') {
    // The code and message of Flowwise's gateway; the order itself stays readable with Get Order.
    return sendError(res, 409, 'Order already exists for the provided order_id', 'already_exists', 'invalid_request_error');
  }
  if (order === 'expires_too_late') {
    return sendError(
      res,
      400,
      'expiry_time_in_minutes is too large: the order would expire after 9999-12-31T23:59:59Z.',
      'invalid_expiry_time',
      'validation_error',
    );
  }
  if (drawsUnsafeUrl(context.behaviour())) return sendJson(res, 200, { ...order.response, checkout_url: 'javascript:alert(1)' });
  sendJson(res, 200, order.response);
}

/** Get Order (`GET /router/orders/:id`) and Get All Payments for Order (`…/payments`), authenticated as Create Order. */
export async function readOrderRoute(
  context: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  orderId: string | undefined,
  payments: boolean,
): Promise<void> {
  req.resume();
  if (!(await admitted(context, req, res, authenticated(context, req), payments ? 'getOrderPayments' : 'getOrder'))) return;
  if (orderId === undefined) {
    return sendError(res, 400, 'The order id in the path has a malformed % escape.', 'invalid_request_target', 'invalid_request_error');
  }
  const order = context.state.orders.get(orderId);
  // The gateway's own not-found constants (see the x-note in spec/flowwise-order-status.openapi.yaml).
  if (!order) return sendError(res, 404, `No order entity exists with id: ${orderId}`, 'not_found', 'resource_error');
  const order_status = context.state.currentStatus(order);
  sendJson(res, 200, payments ? order.payments : { ...order.response, order_status });
}
