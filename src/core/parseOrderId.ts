import * as z from 'zod/mini';
import { orderIdSchema } from '../schemas/orderId';
import { parseWith } from './validate';

// Apart from validate.ts, which a checkout uses too: only what reads an order by its id (a return page, the
// server) needs orderIdSchema, so a checkout's bundle leaves this module out.
// Checked as a field, so that the message and the path name it: "order_id must not be empty".
const orderIdField = /* @__PURE__ */ z.object({ order_id: orderIdSchema });

/**
 * `orderId` if it is an `order_id` Flowwise could hold and a URL path can carry, else a `validation`
 * FlowwiseError with code `invalid_order_id` naming the problem. The one check of an order id, for the
 * browser's status read, the server client and the status handler alike.
 */
export function parseOrderId(orderId: unknown): string {
  return parseWith(orderIdField, { order_id: orderId }, 'order id', 'invalid_order_id').order_id;
}
