import type { FlowwiseErrorResponse } from '../schemas';
import { isCrossSite, isJsonMediaType } from './crossSite';
import { readBody } from './readBody';

/** Why a request was not read as an order: the `ErrorResponse` to answer, with its status and headers. */
export interface Refused {
  status: number;
  body: FlowwiseErrorResponse;
  headers?: Record<string, string>;
}

const refused = (status: number, message: string, code: string, type = 'invalid_request_error', headers?: Record<string, string>) => ({
  refused: { status, body: { message, code, type }, headers } satisfies Refused,
});

/**
 * The posted JSON of a request the order endpoint accepts, or why it does not: a `POST` (405
 * otherwise), not from another site's page (403, before its body is read), declared JSON (415),
 * whose body arrives within `maxBodyBytes` (413) and `bodyTimeoutMs` (408), can be read (400) and
 * parses (400 `invalid_json`). What the JSON holds is checked after.
 */
export async function admitRequest(
  request: Request,
  { trustedOrigins, maxBodyBytes, bodyTimeoutMs }: { trustedOrigins: ReadonlySet<string>; maxBodyBytes: number; bodyTimeoutMs: number },
): Promise<{ posted: unknown; refused?: undefined } | { refused: Refused }> {
  if (request.method !== 'POST') {
    return refused(405, `Method ${request.method} is not allowed; use POST.`, 'method_not_allowed', undefined, { allow: 'POST' });
  }
  if (isCrossSite(request, trustedOrigins)) {
    const message = 'A browser request from another site was refused; list its origin in allowedOrigins if it is yours.';
    return refused(403, message, 'cross_site_request');
  }
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    return refused(415, 'The order must be sent as JSON (Content-Type: application/json).', 'unsupported_media_type');
  }
  const body = await readBody(request, maxBodyBytes, bodyTimeoutMs);
  if (!body.read) {
    if (body.why === 'timeout') return refused(408, `The request body did not arrive within ${bodyTimeoutMs} ms.`, 'request_timeout');
    if (body.why === 'unreadable') return refused(400, 'The request body could not be read.', 'unreadable_body');
    return refused(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'payload_too_large');
  }
  try {
    return { posted: JSON.parse(body.text) as unknown };
  } catch {
    return refused(400, 'The request body is not valid JSON.', 'invalid_json', 'validation_error');
  }
}
