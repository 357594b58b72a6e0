import { isFlowwiseError } from './FlowwiseError';
import { defaultMessages, type FlowwiseMessages } from './messages';

/**
 * One shopper sentence per invalid field, for a form that shows each next to its input, keyed by the
 * field's path joined with dots: `{ 'customer.email': 'Please enter a valid e-mail address.' }`. It reads
 * a `validation` error (the payload failed the `schema` given in the browser) and the merchant endpoint's
 * 400 (an `http` error with `issues`, such as `invalid_payload`); any other error, or none, gives `{}`.
 * Each sentence is `messages[name]` for the last key of the field's path (`customer_email`, or your own
 * `email`), else the default for it (`defaultMessages`), else the `validation` sentence: never the issue's
 * own text, which is for developers. An issue about the payload as a whole is under `''`. Plain code with
 * no React: it runs on a server too.
 *
 * @example
 * ```tsx
 * const fieldErrors = getFieldErrors(error, { email: 'Enter a valid e-mail address.' });
 * <input name="email" aria-invalid={!!fieldErrors['customer.email']} aria-describedby="email-error" />
 * <p id="email-error">{fieldErrors['customer.email']}</p>
 * ```
 */
export function getFieldErrors(error: unknown, messages?: FlowwiseMessages): Record<string, string> {
  const all: FlowwiseMessages = { ...defaultMessages, ...messages };
  const fields: Record<string, string> = {};
  if (isFlowwiseError(error) && (error.kind === 'validation' || (error.kind === 'http' && error.status === 400))) {
    // The first problem of a field is the one to fix first.
    for (const { path } of error.issues ?? []) fields[path.map(String).join('.')] ??= all[String(path.at(-1))] ?? all.validation!;
  }
  return fields;
}
