import { describeIssues, isFlowwiseError } from '../core/FlowwiseError';
import type { FlowwiseErrorResponse } from '../schemas';
import { randomId } from './ids';
import type { HandlerErrorInfo, HandlerErrorReporter } from './types';

const SERVICE_UNAVAILABLE = 'Flowwise could not be reached or failed; see the server log for this request id.';

export function defaultOnError(_error: unknown, info: HandlerErrorInfo): void {
  console.error(`[@flowwise/react/server] ${info.status} ${info.code}: ${info.message} (request ${info.requestId})`);
}

/** An error as one line for a log: its message, kind, status, code, first issues and request id. */
export function describeError(error: unknown): string {
  if (isFlowwiseError(error)) {
    const details = [
      error.kind,
      error.status,
      error.code,
      error.issues?.[0] && describeIssues(error.issues),
      error.requestId && `request ${error.requestId}`,
    ]
      .filter(Boolean)
      .join(', ');
    return `${error.message} (${details})`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The answers of one request to a merchant endpoint, all carrying its `x-request-id`: a fresh one
 * until Flowwise's arrives (`setRequestId`). JSON, `Cache-Control: no-store`, `nosniff`.
 */
export function createResponder(onError: HandlerErrorReporter, redact: (text: string) => string) {
  let requestId = randomId('req_');

  /** A JSON `ErrorResponse` or order, never cached. */
  const json = (status: number, body: unknown, headers?: Record<string, string>) =>
    new Response(JSON.stringify(body), {
      status,
      headers: {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-request-id': requestId,
      },
    });
  const reject = (
    status: number,
    message: string,
    code: string,
    type: string,
    extra?: Partial<FlowwiseErrorResponse>,
    headers?: Record<string, string>,
  ) => json(status, { message, code, type, ...extra } satisfies FlowwiseErrorResponse, headers);
  /** Reports `error` to `onError` as the answer `status` and `code`, with `logMessage`. */
  const report = (status: number, code: string, error: unknown, logMessage: string) => {
    try {
      onError(error, { status, code, message: redact(logMessage), requestId });
    } catch {
      // A broken logger must not turn a clear error response into a crash.
    }
  };
  /** A 5xx with a generic message, reported to `onError` with `logMessage`. */
  const fail = (
    status: number,
    code: string,
    error: unknown,
    logMessage: string,
    message = SERVICE_UNAVAILABLE,
    headers?: Record<string, string>,
  ) => {
    report(status, code, error, logMessage);
    return reject(status, message, code, 'server_error', undefined, headers);
  };

  /**
   * What the browser is told when a call to Flowwise failed: Flowwise's 4xx `ErrorResponse` passed on
   * (its words for the developer; the browser picks the shopper's by the code), except 401/403 (the
   * merchant's credentials, which the shopper cannot fix) and anything else, which are 502; a timeout
   * is 504; missing credentials are 500.
   */
  const upstreamFailure = (error: unknown, what: string): Response => {
    if (!isFlowwiseError(error)) return fail(500, 'internal_error', error, `${what} failed: ${describeError(error)}`);
    switch (error.kind) {
      case 'http': {
        const status = error.status ?? 502;
        if (status === 401 || status === 403) {
          return fail(
            502,
            'bad_gateway',
            error,
            `Flowwise rejected the merchant credentials (${status}): check clientId, clientSecret and environment. ${describeError(error)}`,
          );
        }
        if (status >= 400 && status < 500 && error.code !== undefined && error.type !== undefined) {
          return reject(status, error.message, error.code, error.type);
        }
        return fail(502, 'bad_gateway', error, `Flowwise failed: ${describeError(error)}`);
      }
      case 'timeout':
        return fail(504, 'gateway_timeout', error, `Flowwise timed out: ${describeError(error)}`, 'Flowwise took too long to answer.');
      case 'validation':
        return fail(500, 'internal_error', error, `${what} was refused before it was sent: ${describeError(error)}`);
      case 'integration':
        return fail(500, 'internal_error', error, describeError(error), 'The payment service is not configured.');
      default:
        return fail(502, 'bad_gateway', error, `Flowwise failed: ${describeError(error)}`);
    }
  };

  return {
    json,
    reject,
    fail,
    report,
    upstreamFailure,
    /** Flowwise's id, for this answer and the log line, once its answer arrives. */
    setRequestId: (id: string) => void (requestId = id),
  };
}
