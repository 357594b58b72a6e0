import { assignDefined } from './assignDefined';
/**
 * What went wrong, in one word. docs/errors-and-messages.md says when each happens. `integration`
 * is a mistake in the store's own code or setup (an invalid option, an order builder or `redirect`
 * function that threw): the shopper cannot fix it, and `cause` holds what was thrown.
 */
export type FlowwiseErrorKind = 'integration' | 'validation' | 'http' | 'network' | 'timeout' | 'invalid_response' | 'unsafe_redirect';

/**
 * A single validation problem: zod's issue (`code`, `path`, `message` and more) when the check ran in
 * this process, those three fields when it came from the merchant endpoint's 400 answer.
 */
export interface FlowwiseIssue {
  code: string;
  /** Where the problem is: `['customer_details', 'customer_email']`. */
  path: PropertyKey[];
  /** For a developer: names the field and the rule. */
  message: string;
}

/** The details a {@link FlowwiseError} carries besides its kind and message, all optional. */
export interface FlowwiseErrorOptions {
  /** HTTP status of the response, for `http` and `invalid_response`. */
  status?: number;
  /** Machine-readable `code` from the `ErrorResponse` body. */
  code?: string;
  /** `type` from the `ErrorResponse` body. */
  type?: string;
  /** The validation issues, for `validation` and `invalid_response`. */
  issues?: FlowwiseIssue[];
  /** The `x-request-id` response header, to quote in a support ticket. */
  requestId?: string;
  /**
   * How long the answer asked to wait before asking again, in milliseconds: a 429 from Flowwise
   * (`x-ratelimit-retry`, else `Retry-After`, else one minute), or the status endpoint's `Retry-After`.
   */
  retryAfterMs?: number;
  /** For a developer, never for a shopper: what the endpoint or Flowwise said, or what went wrong. */
  detail?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error type this package throws or reports. In the browser `message` is a sentence for the
 * shopper (see `<FlowwiseProvider messages>`), while `detail`, `code`, `issues` and `requestId` are for
 * developers; on the server `message` is for the developer's log. `kind` tells code what happened.
 *
 * @example
 * if (isFlowwiseError(error) && error.kind === 'http' && error.status === 400) showForm(error.message);
 */
export class FlowwiseError extends Error {
  declare readonly kind: FlowwiseErrorKind;
  declare readonly status?: number;
  declare readonly code?: string;
  declare readonly type?: string;
  declare readonly issues?: FlowwiseIssue[];
  declare readonly requestId?: string;
  declare readonly retryAfterMs?: number;
  declare readonly detail?: string;

  constructor(kind: FlowwiseErrorKind, message: string, { cause, ...details }: FlowwiseErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'FlowwiseError';
    // Only the details that are there, so that `'status' in error` means there is a status.
    assignDefined(this, { kind, ...details });
  }
}

/**
 * Whether `value` is a {@link FlowwiseError}, from this or any other copy of the package.
 *
 * @example
 * catch (error) { if (isFlowwiseError(error)) console.log(error.kind); }
 */
export function isFlowwiseError(value: unknown): value is FlowwiseError {
  // By name rather than instanceof alone, so that an error from another copy of this package (an ESM
  // and a CJS build side by side, or a bundled server) is recognised too.
  return value instanceof Error && value.name === 'FlowwiseError';
}

/** Zod issues (whose messages name their field) as one sentence, for a log line: the first three. */
export function describeIssues(issues: readonly FlowwiseIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => issue.message)
    .join('; ');
}
