// Apart from core/messages.ts, which every page with a checkout or a return page loads: a checkout's
// bundle leaves this module out.

/** The words of a return page (`<FlowwiseOrderStatus>`), one per state, and the "Try again" link's label. */
export type FlowwiseStatusMessage =
  | 'status_pending'
  | 'status_paid'
  | 'status_failed'
  | 'status_retry'
  | 'status_expired'
  | 'status_timed_out'
  | 'status_not_found'
  | 'status_error';

/**
 * The default words of a return page, in English: what `<FlowwiseOrderStatus>` shows in each state, and
 * the shopper message of an error from `useFlowwiseOrder` (`status_not_found` for an unknown order or
 * id, `status_error` for anything else but an unreachable store, which keeps `network`). Kept apart
 * from `defaultMessages` so that a checkout's bundle leaves them out.
 *
 * @example
 * <FlowwiseProvider messages={{ status_paid: 'Zahlung erhalten.' }}>
 */
export const defaultStatusMessages: Readonly<Record<FlowwiseStatusMessage, string>> = {
  status_pending: 'Confirming your payment…',
  status_paid: 'Payment received.',
  status_failed: 'The payment did not go through.',
  status_retry: 'Try again',
  status_expired: 'This order has expired.',
  status_timed_out: 'Your payment is still being confirmed. Please check again in a few minutes.',
  status_not_found: 'We could not find this order.',
  status_error: 'We could not check your payment just now. Please try again in a moment.',
};
