import { assignDefined } from './FlowwiseError';
import { parseCheckoutOrigins } from './checkoutUrl';

/** Headers to add to the request to the merchant endpoint, or a function returning them (e.g. a fresh CSRF token). */
export type FlowwiseHeaders =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** How the browser reaches the merchant endpoint. Every field is optional; see each for its default. */
export interface FlowwiseRequestOptions {
  /** URL or path of the merchant endpoint that creates orders. Defaults to `/api/flowwise/orders`. */
  endpoint?: string;
  /** Extra request headers, or a sync/async function returning them. Defaults to none. */
  headers?: FlowwiseHeaders;
  /** `fetch` credentials mode. Defaults to fetch's own default, `'same-origin'`. */
  credentials?: RequestCredentials;
  /** The `fetch` to use. Defaults to the global `fetch` at call time. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds before the request is given up as a `timeout`. Defaults to `15000`. */
  timeoutMs?: number;
}

/** Where a checkout may send the shopper. */
export interface FlowwiseRedirectOptions {
  /**
   * Origins `checkout_url` may point at. Defaults to `['https://payments.flowwise.com']`.
   * Each entry is a bare origin: `https:`, or `http:` on a loopback host (such as `http://localhost:4010`)
   * for development against a local sandbox, with no user name, path, query, fragment or wildcard.
   * Anything else throws a FlowwiseError of kind `integration` where the option is given.
   */
  checkoutOrigins?: readonly string[];
}

export type FlowwiseConfig = FlowwiseRequestOptions & FlowwiseRedirectOptions;

export type ResolvedFlowwiseConfig = Required<Omit<FlowwiseConfig, 'headers' | 'fetch' | 'credentials'>> &
  Pick<FlowwiseConfig, 'headers' | 'fetch' | 'credentials'>;

export const DEFAULT_ENDPOINT = '/api/flowwise/orders';

/**
 * Merges config layers over the defaults, later layers winning; an `undefined` value does not
 * override, so `<Button endpoint={undefined}>` keeps the provider's endpoint. `checkoutOrigins` is
 * checked by {@link parseCheckoutOrigins}.
 */
export function resolveConfig(...layers: Array<FlowwiseConfig | undefined>): ResolvedFlowwiseConfig {
  // The defaults, fresh for every call.
  const resolved = layers.reduce<ResolvedFlowwiseConfig>(assignDefined, {
    endpoint: DEFAULT_ENDPOINT,
    timeoutMs: 15_000,
    checkoutOrigins: ['https://payments.flowwise.com'],
  });
  resolved.checkoutOrigins = parseCheckoutOrigins(resolved.checkoutOrigins);
  return resolved;
}
