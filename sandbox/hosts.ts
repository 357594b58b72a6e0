/** The names a sandbox always answers on its port: it listens on loopback, and these reach nothing else. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A host name as `allowedHosts` takes it: a DNS name or an IP address, without a port. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/i;

/** Checks `allowedHosts` as given to `startSandbox()`, and returns them in lower case. */
export function checkAllowedHosts(allowedHosts: readonly string[]): string[] {
  return allowedHosts.map((name) => {
    if (typeof name !== 'string' || !HOST_NAME.test(name)) {
      throw new TypeError(`allowedHosts must be host names without a port, such as "sandbox.test"; got ${JSON.stringify(name)}.`);
    }
    return name.toLowerCase();
  });
}

/**
 * Whether a request whose `Host` header is `host` is addressed to the sandbox at `origin`: its own host,
 * a loopback name on its port, or one of `allowedHosts` on any port (behind a proxy the port may differ).
 * Anything else is what a page that rebinds its own DNS name to 127.0.0.1 sends (DNS rebinding): the
 * browser lets that page read the answers, since to the browser it is the page's own origin.
 */
export function isOwnHost(host: string | undefined, origin: string, allowedHosts: readonly string[]): boolean {
  if (host === undefined) return false;
  const given = host.toLowerCase();
  const own = new URL(origin);
  const suffix = own.port === '' ? '' : `:${own.port}`;
  if (given === own.host || LOOPBACK_NAMES.some((name) => given === `${name}${suffix}`)) return true;
  const name = /^(.+?)(?::\d+)?$/.exec(given)?.[1];
  return name !== undefined && allowedHosts.includes(name);
}
