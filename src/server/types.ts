/** A Fetch-API request handler: a Next.js App Router route handler, a Hono, Remix or Bun handler as is. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What a handler reports to its `onError` when it answers 5xx, and (with `status` 200) when the status
 * handler's answer is fine but something needs a developer: an order sent to review (`order_review`),
 * `onReview` throwing, or `onPaid` outliving its lease (`fulfilment_lease_lost`).
 */
export interface HandlerErrorInfo {
  /** The status sent to the browser. */
  status: number;
  /** The `code` sent to the browser, or of what needs a developer. */
  code: string;
  /** One line for a log, naming what went wrong; never contains the client secret. */
  message: string;
  /** The `x-request-id` sent with the answer: Flowwise's, or one the handler made. */
  requestId: string;
}

/** Reports a 5xx answer, or what else needs a developer (see {@link HandlerErrorInfo}), for the store's logs. */
export type HandlerErrorReporter = (error: unknown, info: HandlerErrorInfo) => void;
