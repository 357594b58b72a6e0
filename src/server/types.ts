/** A Fetch-API request handler: a Next.js App Router route handler, a Hono, Remix or Bun handler as is. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** What a handler reports to its `onError` when it answers 500, 502 or 504. */
export interface HandlerErrorInfo {
  /** The status sent to the browser. */
  status: number;
  /** The `code` sent to the browser. */
  code: string;
  /** One line for a log, naming what went wrong; never contains the client secret. */
  message: string;
  /** The `x-request-id` sent with the answer: Flowwise's, or one the handler made. */
  requestId: string;
}

/** Reports a 500, 502 or 504 answer, for the store's logs. */
export type HandlerErrorReporter = (error: unknown, info: HandlerErrorInfo) => void;
