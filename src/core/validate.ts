import * as z from 'zod/mini';
import { createOrderRequestSchema, orderIdSchema, type CreateOrderRequest } from '../schemas';
import { FlowwiseError, type FlowwiseIssue } from './FlowwiseError';

/**
 * A schema for what the browser posts: any zod schema, classic or `zod/mini` (anything with zod's
 * `safeParse`). Its output is what is sent.
 */
export interface PayloadSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: FlowwiseIssue[] } };
}

/** `issues` as one line for a developer: the first problem, which names its field. */
function firstIssue(issues: readonly FlowwiseIssue[]): string {
  const [{ path, message }] = issues as [FlowwiseIssue];
  return path.length && !message.startsWith(path.join('.')) ? `${path.join('.')}: ${message}` : message;
}

/**
 * Runs `schema` over `value`: its output, or a `validation` FlowwiseError whose message names the first
 * problem (one thing to fix at a time reads best; `issues` has them all).
 */
export function parseWith<T>(schema: PayloadSchema<T>, value: unknown, what = 'payload', code?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { issues } = result.error;
  throw new FlowwiseError('validation', `The ${what} is not valid: ${firstIssue(issues)}.`, { issues, code });
}

/** Throws a `validation` FlowwiseError unless `order` is a valid {@link CreateOrderRequest}; returns the parsed order. */
export function parseOrder(order: unknown): CreateOrderRequest {
  return parseWith(createOrderRequestSchema, order, 'order');
}

// Checked as a field, so that the message and the issue's path name it: "order_id must not be empty".
const orderIdField = /* @__PURE__ */ z.object({ order_id: orderIdSchema });

/**
 * `orderId` if it is an `order_id` Flowwise could hold and a URL path can carry, else a `validation`
 * FlowwiseError with code `invalid_order_id` naming the problem. The one check of an order id, for the
 * browser's status read, the server client and the status handler alike.
 */
export function parseOrderId(orderId: unknown): string {
  return parseWith(orderIdField, { order_id: orderId }, 'order id', 'invalid_order_id').order_id;
}

/**
 * An answer about another `order_id` than the one asked about would tell the shopper about someone
 * else's order, or send them to someone else's checkout: it is `invalid_response` (code
 * `order_id_mismatch`). Nothing is compared when no id was sent (a store's own payload) or none came back.
 */
export function assertSameOrder(sent: unknown, answered: string | undefined, message: string): void {
  if (typeof sent === 'string' && answered !== undefined && answered !== sent) {
    throw new FlowwiseError('invalid_response', message, { code: 'order_id_mismatch' });
  }
}
