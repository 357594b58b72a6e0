// The cross-site (CSRF) policy of the merchant endpoint: which browser requests may post an order.
// A page on another site can make the shopper's browser send a POST with their cookies; these checks
// refuse it before its body is read, so it costs nothing and reaches nobody.

/**
 * Whether `Content-Type` declares JSON: `application/json` or a `+json` type, with any parameters. A
 * cross-site form can only send `text/plain`, form or multipart bodies without a preflight, so
 * insisting on JSON is part of the cross-site policy too.
 */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Checks `allowedOrigins` once, where it is given: an entry a browser would never send as `Origin`
 * (a path, a trailing slash, userinfo, a wildcard) would silently match nothing, or something else.
 */
export function parseAllowedOrigins(allowedOrigins: readonly string[]): ReadonlySet<string> {
  if (!Array.isArray(allowedOrigins)) {
    throw new TypeError(
      `createOrderHandler(): allowedOrigins must be an array of origins such as ['https://shop.example'] (got ${JSON.stringify(allowedOrigins)}).`,
    );
  }
  allowedOrigins.forEach((entry: unknown, index) => {
    const text = String(entry);
    let origin = '';
    try {
      origin = new URL(text).origin;
    } catch {
      // Not a URL at all: no origin to suggest.
    }
    // A URL may hold `*` in its host, but no browser sends a pattern as its Origin.
    if (origin === entry && !text.includes('*')) return;
    // Suggested only for the origin plus a path or in another case, never for userinfo ("https://a@b").
    const hint = origin && !text.includes('*') && text.toLowerCase().startsWith(origin) ? ` Did you mean ${JSON.stringify(origin)}?` : '';
    throw new TypeError(
      `createOrderHandler(): allowedOrigins[${index}] must be an origin as a browser sends it in the Origin header: ` +
        `scheme, host and optional port, nothing else, such as "https://shop.example" (got ${JSON.stringify(entry)}).${hint}`,
    );
  });
  return new Set(allowedOrigins);
}

/** The host (and port) of an `Origin` header, or `undefined` for `null` and anything unparsable. */
export function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser sent this request from another site's page: `Sec-Fetch-Site: cross-site`, or an
 * `Origin` whose host is neither the request URL's nor the `Host` header's, and not one of
 * `allowedOrigins`. The scheme is left out because a proxy that ends TLS hands the server an `http:`
 * URL for an `https:` page. The `Host` header counts because some frameworks build the request URL
 * from their own configuration: Next.js (`next start`, `next dev`) gives route handlers a
 * `http://localhost:<port>` URL whatever host the page was loaded from. A page cannot set `Host`.
 */
export function isCrossSite(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null && allowedOrigins.has(origin)) return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  if (origin === null) return false;
  const host = originHost(origin);
  return host === undefined || (host !== new URL(request.url).host && host !== request.headers.get('host')?.toLowerCase());
}
