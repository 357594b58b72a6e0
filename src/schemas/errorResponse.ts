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
    issues: z.optional(
      z.array(
        z.looseObject({
          code: string,
          // Each key a field's name or an array's index: one check of its own rather than z.union of z.string
          // and z.number, which brought about 300 B more of zod into every page that reads an error.
          path: z.array(z.custom<string | number>((key) => typeof key === 'string' || typeof key === 'number')),
          message: string,
        }),
      ),
    ),
  },
  anObject,
);

/** The `{ message, code, type, issues? }` body of a failed request. */
export type FlowwiseErrorResponse = z.infer<typeof errorResponseSchema>;
