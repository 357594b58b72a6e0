import { assignDefined } from './assignDefined';
import { parseCheckoutOrigins } from './checkoutUrl';
import type { FlowwiseMessages } from './messages';

/** Headers to add to the request to the merchant endpoint, or a function returning them (e.g. a fresh CSRF token). */
export type FlowwiseHeaders = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

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
  /**
   * The sentences shoppers see, by error code, field or kind, over the English defaults: give some
   * or all to reword or translate them. See {@link FlowwiseMessages}. Defaults to none.
   */
  messages?: FlowwiseMessages;
}

/**
 * How to send the shopper to the verified checkout URL: `'assign'` (a normal navigation),
 * `'replace'` (no history entry), `false` (stay on the page), or a function that receives the URL.
 */
export type RedirectMode = 'assign' | 'replace' | false | ((url: string) => void);

/** Where a checkout may send the shopper. */
export interface FlowwiseRedirectOptions {
  /**
   * Origins `checkout_url` may point at. Defaults to `['https://payments.flowwise.com']`.
   * Each entry is a bare origin: `https:`, or `http:` on a loopback host (such as `http://localhost:4010`)
   * for development against a local sandbox, with no user name, path, query, fragment or wildcard.
   * Anything else throws a FlowwiseError of kind `integration` where the option is given.
   */
  checkoutOrigins?: readonly string[];
  /**
   * How to send the shopper to `checkout_url`: `'assign'` (a normal navigation), `'replace'` (no
   * history entry), `false` (do not navigate), or a function that receives the verified URL (a
   * router's, or a test's). Defaults to `'assign'`.
   */
  redirect?: RedirectMode;
}

/** How the hooks, components and `createOrder` reach the merchant endpoint and leave for the checkout page. */
export type FlowwiseConfig = FlowwiseRequestOptions & FlowwiseRedirectOptions;

type Optional = 'headers' | 'fetch' | 'credentials' | 'messages' | 'redirect';
export type ResolvedFlowwiseConfig = Required<Omit<FlowwiseConfig, Optional>> & Pick<FlowwiseConfig, Optional>;

export const DEFAULT_ENDPOINT = '/api/flowwise/orders';

/**
 * Merges config layers over the defaults, later layers winning; an `undefined` value does not
 * override, so `<Button endpoint={undefined}>` keeps the provider's endpoint. `checkoutOrigins` is
 * checked by {@link parseCheckoutOrigins}; `endpoint` is made absolute against the page, when there is one,
 * so that every request to the merchant endpoint (an order, a status read) goes to the same URL.
 */
export function resolveConfig(...layers: Array<FlowwiseConfig | undefined>): ResolvedFlowwiseConfig {
  // The defaults, fresh for every call.
  const resolved = layers.reduce<ResolvedFlowwiseConfig>(assignDefined, {
    endpoint: DEFAULT_ENDPOINT,
    timeoutMs: 15_000,
    checkoutOrigins: ['https://payments.flowwise.com'],
  });
  resolved.checkoutOrigins = parseCheckoutOrigins(resolved.checkoutOrigins);
  try {
    // Absolute URLs work everywhere (jsdom, Node, every browser); a path is resolved against the page.
    resolved.endpoint = new URL(resolved.endpoint, location.href).href;
  } catch {
    // A path with no page to resolve it against (on a server, where `location` is not even defined):
    // fetch will say what is wrong.
  }
  return resolved;
}
