/** Copies the own enumerable properties of `source` that are not `undefined` onto `target`. */
export function assignDefined<T extends object>(target: T, source?: object): T {
  for (const [key, value] of Object.entries(source ?? {})) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}
