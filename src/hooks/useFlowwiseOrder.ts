import * as ReactQuery from '@tanstack/react-query';
import * as React from 'react';
import type { Query, QueryClient, UseQueryResult } from '@tanstack/react-query';
import type { FlowwiseRedirectOptions, FlowwiseRequestOptions, ResolvedFlowwiseConfig } from '../core/config';
import type { FlowwiseError } from '../core/FlowwiseError';
import { orderKey } from '../core/flowwiseKeys';
import { readOrderSummary } from '../core/getOrderSummary';
import type { OrderSummary } from '../schemas';
import { useFlowwiseContext } from './FlowwiseContext';

/** The first wait between two reads of a pending order; each wait doubles, up to {@link MAX_POLL_DELAY_MS}. */
const FIRST_POLL_DELAY_MS = 1000;
const MAX_POLL_DELAY_MS = 10_000;

/** Options for {@link useFlowwiseOrder}: the request options (each defaults to the provider's value) and these. */
export interface UseFlowwiseOrderOptions extends FlowwiseRequestOptions {
  /**
   * How long to keep asking while the order is `pending`, in milliseconds from when the component
   * mounted; then polling stops and `timedOut` is `true` (a window regaining focus still asks once).
   * Defaults to `300000` (5 minutes).
   */
  maxWaitMs?: number;
  /** Set `false` to not read the order (yet). Defaults to `true`; nothing is read without an `orderId`. */
  enabled?: boolean;
  /** The QueryClient to use. Defaults to the provider's, then the surrounding `QueryClientProvider`'s. */
  queryClient?: QueryClient;
}

/**
 * What {@link useFlowwiseOrder} returns: TanStack's query result (`data` is the server's `OrderSummary`,
 * `error` a `FlowwiseError`), and `timedOut`.
 */
export type UseFlowwiseOrderResult = UseQueryResult<OrderSummary, FlowwiseError> & {
  /**
   * `true` once `maxWaitMs` has passed with the order still `pending` (or the store asked, with
   * `Retry-After`, to be left alone until after it): polling has stopped, `data` is the last (pending)
   * summary. Not a failure: the payment may still succeed, so tell the shopper to check later, never that
   * it failed. Back to `false` as soon as a read gives a final outcome.
   */
  timedOut: boolean;
};

type OrderQuery = Query<OrderSummary, FlowwiseError, OrderSummary, readonly unknown[]>;

/** Whether an answer is the last word: a final outcome, or an order id that asking again would not change. */
function isFinal({ state: { data, error } }: OrderQuery): boolean {
  if (data && data.outcome !== 'pending') return true;
  // An id refused before sending, an id the store refuses (400) or an order it does not know (404). Anything
  // else can pass (a busy store's 429, a 5xx, a timeout, no answer, a garbled one): it is asked again.
  return error?.kind === 'validation' || error?.status === 400 || error?.status === 404;
}

/** When the query last got an answer, success or error. */
const answeredAt = ({ dataUpdatedAt, errorUpdatedAt }: { dataUpdatedAt: number; errorUpdatedAt: number }) =>
  Math.max(dataUpdatedAt, errorUpdatedAt);

/** How long the last answer asked to be left alone (its `Retry-After`), in milliseconds from when it came. */
const retryAfter = ({ error }: { error: FlowwiseError | null }) => error?.retryAfterMs ?? 0;

/**
 * {@link useFlowwiseOrder} for `caller` (which its error names when there is no QueryClient), with
 * `checkoutOrigins` resolved beside the request options: the query's result and the resolved config, from
 * which a return page takes its words and the origins of its "Try again" link.
 */
export function useOrderQuery(
  caller: string,
  orderId: string | undefined,
  options: UseFlowwiseOrderOptions & Pick<FlowwiseRedirectOptions, 'checkoutOrigins'>,
): [UseFlowwiseOrderResult, ResolvedFlowwiseConfig] {
  const { maxWaitMs = 300_000, enabled = true } = options;
  const [config, queryClient] = useFlowwiseContext(caller, options);
  // The clock of `maxWaitMs` starts when this component first renders: a return page that stays open.
  const [startedAt] = React.useState(() => Date.now());
  // Whether the next read would come after the deadline, or before the store's Retry-After allows it.
  const outOfTime = (state: { dataUpdatedAt: number; errorUpdatedAt: number; error: FlowwiseError | null }) =>
    startedAt + maxWaitMs - answeredAt(state) <= retryAfter(state);

  const result = ReactQuery.useQuery<OrderSummary, FlowwiseError, OrderSummary, readonly unknown[]>(
    {
      queryKey: orderKey(orderId),
      queryFn: ({ signal }) => readOrderSummary(config, orderId!, { signal }),
      enabled: enabled && !!orderId,
      // The schedule below does the asking again, failures included.
      retry: false,
      // A final outcome is kept; a pending one is always worth asking about again.
      staleTime: (query) => (isFinal(query) ? Infinity : 0),
      // Not before the store's Retry-After has passed, even when the shopper comes back to the tab.
      refetchOnWindowFocus: (query) => !isFinal(query) && answeredAt(query.state) + retryAfter(query.state) <= Date.now(),
      refetchInterval: (query) => {
        const { state } = query;
        const answers = state.dataUpdateCount + state.errorUpdateCount;
        // Before the first answer there is nothing to wait on; after the deadline, nothing more to ask.
        if (isFinal(query) || !answers || outOfTime(state)) return false;
        const backoff = Math.min(FIRST_POLL_DELAY_MS * 2 ** (answers - 1), MAX_POLL_DELAY_MS);
        // Never sooner than Retry-After; the last wait is cut short so that the last read happens at the
        // deadline, not after it.
        return Math.min(Math.max(backoff, retryAfter(state)), startedAt + maxWaitMs - answeredAt(state));
      },
    },
    queryClient,
  );
  const timedOut = result.data?.outcome === 'pending' && outOfTime(result);
  return [{ ...result, timedOut }, config];
}

/**
 * Reads what the store's server says about an order (its status handler's `OrderSummary`, from
 * `GET <endpoint>?order_id=…`) as a TanStack query keyed `flowwiseKeys.order(orderId)`. While the
 * `outcome` is `pending` it asks again, 1 s after the first answer and then twice as long each time up to
 * 10 s, for at most `maxWaitMs` (then `timedOut`), and again whenever the window regains focus; it stops
 * at a final outcome (`paid`, `failed`, `expired`), or when the store refuses the id (400) or does not know
 * the order (404: `error.code` `not_found`). Anything else (a busy store's 429, a 5xx, a timeout, no
 * answer) is asked again on the same schedule, never sooner than the answer's `Retry-After`, so `error` can
 * be set while `data` still holds the last summary. Only `data.outcome === 'paid'` means paid.
 *
 * @example
 * ```tsx
 * const { data, error, timedOut } = useFlowwiseOrder(orderId);
 * if (data?.outcome === 'paid') return <Receipt orderId={data.order_id} />;
 * ```
 */
export function useFlowwiseOrder(orderId: string | undefined, options: UseFlowwiseOrderOptions = {}): UseFlowwiseOrderResult {
  return useOrderQuery('useFlowwiseOrder()', orderId, options)[0];
}
