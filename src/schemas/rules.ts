import * as z from 'zod/mini';

export type Issue = z.core.$ZodRawIssue;

/**
 * The message of every schema and check here: "<field> must <rule>", "<field> is required" or
 * "<field> has unknown field(s): …". zod builds messages at the end of a parse, when the issue's path
 * is complete, so each names its field as a dotted path ("customer_details.customer_email").
 */
export const must = (rule: string) => ({
  error: (issue: Issue) =>
    `${issue.path?.join('.') || 'input'} ${
      issue.code === 'unrecognized_keys'
        ? `has unknown field(s): ${issue.keys.join(', ')}`
        : issue.input === undefined
          ? 'is required'
          : `must ${rule}`
    }`,
});

export const anObject = must('be an object');
// Schemas are immutable (`check` returns a copy), so one instance serves every field.
export const string = z.string(must('be a string'));
export const nonEmpty = string.check(z.minLength(1, must('not be empty')));
export const optionalString = z.optional(string);

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
