import { FlowwiseError, isFlowwiseError } from '../core/FlowwiseError';

/**
 * `value` with every occurrence of `secret` replaced by `[redacted]` in every string it holds: in
 * arrays, plain objects, and errors with their messages, stacks and causes (a `FlowwiseError` stays
 * one, with its fields). Anything else (a class instance, a function) is returned as it is. An empty
 * `secret` hides nothing.
 */
export function redactSecret<T>(value: T, secret: string): T {
  const inner = <V>(item: V) => redactSecret(item, secret);
  if (typeof value === 'string') return (secret ? value.split(secret).join('[redacted]') : value) as T;
  if (Array.isArray(value)) return value.map(inner) as T;
  if (value instanceof Error) {
    const { message, cause, stack, name } = value;
    const copy = isFlowwiseError(value)
      ? new FlowwiseError(value.kind, inner(message), { ...inner({ ...value }), cause: inner(cause) })
      : Object.assign(new Error(inner(message), { cause: inner(cause) }), { name, stack: inner(stack) });
    return copy as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inner(item)])) as T;
  }
  return value;
}
