import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';

/**
 * `value` with every occurrence of `secret` replaced by `[redacted]` in every string it holds: in
 * arrays, plain objects, and errors with their messages, stacks and causes (a `FlowwiseError` stays
 * one, with its fields). Anything else (a class instance, a function) is returned as it is, and so is an
 * array or object none of whose strings holds the secret. An empty `secret` hides nothing.
 */
export function redactSecret<T>(value: T, secret: string): T {
  if (!secret) return value;
  if (typeof value === 'string') return (value.includes(secret) ? value.split(secret).join('[redacted]') : value) as T;
  const inner = <V>(item: V) => redactSecret(item, secret);
  if (Array.isArray(value)) {
    const items = value.map(inner);
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value instanceof Error) {
    const { message, cause, stack, name } = value;
    const copy = isFlowwiseError(value)
      ? new FlowwiseError(value.kind, inner(message), { ...inner({ ...value }), cause: inner(cause) })
      : Object.assign(new Error(inner(message), { cause: inner(cause) }), { name, stack: inner(stack) });
    return copy as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // A copy only when something in it held the secret: an answer that never does (every order) is not rebuilt.
    const entries = Object.entries(value);
    const redacted = entries.map(([key, item]) => [key, inner(item)] as const);
    return (redacted.some(([, item], index) => item !== entries[index]![1]) ? Object.fromEntries(redacted) : value) as T;
  }
  return value;
}
