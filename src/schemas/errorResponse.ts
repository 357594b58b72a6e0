import * as z from 'zod/mini';
import { anObject, string } from './rules';

/**
 * The error body Flowwise and the merchant endpoint return on failure: `{ message, code, type }`, and
 * from the merchant endpoint's 400 for an invalid order or payload, `issues` naming each field.
 */
export const errorResponseSchema = z.looseObject(
  {
    message: string,
    code: string,
    type: string,
    issues: z.optional(z.array(z.looseObject({ code: string, path: z.array(z.union([string, z.number()])), message: string }))),
  },
  anObject,
);

/** The `{ message, code, type, issues? }` body of a failed request. */
export type FlowwiseErrorResponse = z.infer<typeof errorResponseSchema>;
