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
   * Only `https:` origins count, except an `http:` loopback origin (such as `http://localhost:4010`)
   * listed explicitly, for development against a local sandbox.
   */
  checkoutOrigins?: readonly string[];
}

export type FlowwiseConfig = FlowwiseRequestOptions & FlowwiseRedirectOptions;

export type ResolvedFlowwiseConfig = Required<Omit<FlowwiseConfig, 'headers' | 'fetch' | 'credentials'>> &
  Pick<FlowwiseConfig, 'headers' | 'fetch' | 'credentials'>;

export const DEFAULT_ENDPOINT = '/api/flowwise/orders';

const defaults: ResolvedFlowwiseConfig = {
  endpoint: DEFAULT_ENDPOINT,
  timeoutMs: 15_000,
  checkoutOrigins: ['https://payments.flowwise.com'],
};

/** The option names of {@link FlowwiseConfig}. */
export const configKeys = ['endpoint', 'headers', 'credentials', 'fetch', 'timeoutMs', 'checkoutOrigins'] as const;

/**
 * Merges config layers over the defaults, later layers winning. Only the config options of each layer
 * are read, and an `undefined` value does not override, so `<Button endpoint={undefined}>` keeps the
 * provider's endpoint.
 */
export function resolveConfig(...layers: Array<FlowwiseConfig | undefined>): ResolvedFlowwiseConfig {
  const resolved: Record<string, unknown> = { ...defaults };
  for (const layer of layers) for (const key of configKeys) if (layer?.[key] !== undefined) resolved[key] = layer[key];
  return resolved as ResolvedFlowwiseConfig;
}
