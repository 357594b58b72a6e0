// A TCP relay on loopback that makes a connection behave as if it crossed a network with a round-trip time
// of `rttMs`: each chunk reaches the other side half a round trip after it was sent, in order, and the
// first chunk from the client one whole round trip later still, which is what TCP's handshake costs
// before a client can send anything. Bandwidth is not limited. The browser reaches each server through one.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Relay {
  port: number;
  /** The round-trip time new and open connections get from now on. */
  setRtt(rttMs: number): void;
  close(): Promise<void>;
}

/** Forwards `from` to `to`, each chunk `delay()` milliseconds late (plus `firstExtra()` for the first), never reordered. */
function forward(from: Socket, to: Socket, delay: () => number, firstExtra: () => number) {
  let notBefore = 0;
  let first = true;
  from.on('data', (chunk) => {
    const at = Math.max(performance.now() + delay() + (first ? firstExtra() : 0), notBefore);
    first = false;
    notBefore = at;
    setTimeout(() => to.writable && to.write(chunk), at - performance.now());
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, notBefore - performance.now())));
}

export async function startRelay(targetPort: number): Promise<Relay> {
  let rtt = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: targetPort, noDelay: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((each) => each.destroy()));
    }
    forward(
      client,
      upstream,
      () => rtt / 2,
      () => rtt,
    );
    forward(
      upstream,
      client,
      () => rtt / 2,
      () => 0,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setRtt: (rttMs) => (rtt = rttMs),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
