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
