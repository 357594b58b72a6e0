/**
 * Compiles only when `T` is `never`. A component that names its hook's options to keep them off its DOM
 * element checks with it that none is left in the rest: `Never<Extract<keyof typeof rest, keyof Options>>`.
 */
export type Never<T extends never> = T;
