import * as z from 'zod/mini';
import { must, nonEmpty } from './rules';

// Apart from the rules every schema shares: only what reads an order by its id (a return page, the server)
// needs these, so a checkout's bundle leaves this module out.

// An unpaired UTF-16 half has no UTF-8 form: it cannot go into a URL path.
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const orderId = /* @__PURE__ */ (() => nonEmpty.check(z.maxLength(128, must('be at most 128 characters'))))();

/**
 * An `order_id` as it goes into the path of Get Order (`/orders/{order_id}`): the `order_id` of a Create
 * Order body (a non-empty string of at most 128 characters), which is also well-formed text and not `.`
 * or `..`, since no URL path can name those. The spec says only `string`; these are checked before
 * anything is sent.
 *
 * @example
 * orderIdSchema.safeParse('order_1001').success; // true
 */
export const orderIdSchema = /* @__PURE__ */ (() =>
  orderId.check(
    z.refine((id) => !LONE_SURROGATE.test(id), must('be well-formed text (it has a lone surrogate)')),
    // A URL parser reads these as "this folder" and "the parent folder", even percent-encoded.
    z.refine((id) => id !== '.' && id !== '..', must('not be "." or ".."')),
  ))();
