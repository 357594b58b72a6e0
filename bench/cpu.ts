// CPU time per order of each merchant endpoint (bench/endpoint.ts), each in its own process against the
// sandbox in another: the endpoint's own process.cpuUsage() across a run of autocannon, divided by the
// orders it answered. Unlike requests per second, this does not move with what else the machine's cores
// are doing (the load generator and the sandbox share them).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchOrder, type EndpointMessage } from './endpoint.ts';

export type EndpointKind = 'handler' | 'proxy' | 'route' | 'fetch' | 'adapter' | 'echo';
export const endpointKinds: EndpointKind[] = ['handler', 'proxy', 'route', 'fetch', 'adapter', 'echo'];

export interface CpuRun {
  /** Microseconds of CPU (user + system) in the endpoint's process, per order. */
  cpuPerOrder: number;
  requestsPerSecond: number;
  failed: number;
}

export interface CpuResults {
  orders: number;
  rounds: number;
  connections: number;
  /** Every round of each endpoint, in the order run. */
  runs: Record<EndpointKind, CpuRun[]>;
}

function start<Message>(file: string, args: string[], execArgv: string[] = []): { child: ChildProcess; ready: Promise<Message> } {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: 'inherit' });
  return { child, ready: new Promise((resolve) => child.once('message', (message) => resolve(message as Message))) };
}

const ask = <Reply>(child: ChildProcess, message: EndpointMessage) =>
  new Promise<Reply>((resolve) => {
    child.once('message', (reply) => resolve(reply as Reply));
    child.send(message);
  });

const micros = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

/**
 * Runs `rounds` rounds of `orders` orders through each endpoint, alternating, after a warm-up round of a
 * fifth as many. `profile` starts each endpoint's process with `--cpu-prof`, writing to `<profile>/<kind>/`.
 */
export async function measureCpu({
  orders = 3000,
  rounds = 3,
  connections = 16,
  profile,
  kinds = endpointKinds,
}: { orders?: number; rounds?: number; connections?: number; profile?: string; kinds?: EndpointKind[] } = {}): Promise<CpuResults> {
  const sandbox = start<{ url: string; clientId: string; clientSecret: string }>('./sandboxProcess.ts', []);
  const { url, clientId, clientSecret } = await sandbox.ready;
  const endpoints = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      start<{ port: number }>(
        './endpoint.ts',
        [kind, url, clientId, clientSecret],
        profile ? ['--cpu-prof', '--cpu-prof-interval=200', `--cpu-prof-dir=${profile}/${kind}`] : [],
      ),
    ]),
  ) as Record<EndpointKind, ReturnType<typeof start<{ port: number }>>>;
  const ports = Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, (await endpoints[kind].ready).port]))) as Record<
    EndpointKind,
    number
  >;
  let sequence = 0;

  const run = async (kind: EndpointKind, amount: number): Promise<CpuRun> => {
    sandbox.child.send('reset');
    const { child } = endpoints[kind];
    if (kind === 'fetch') {
      const result = await ask<{ cpu: NodeJS.CpuUsage; ms: number; failed: number }>(child, {
        type: 'run',
        first: sequence,
        amount,
        connections,
      });
      sequence += amount;
      return { cpuPerOrder: micros(result.cpu) / amount, requestsPerSecond: amount / (result.ms / 1000), failed: result.failed };
    }
    const before = await ask<{ cpu: NodeJS.CpuUsage }>(child, { type: 'cpu' });
    // From the first request sent to the last answer: autocannon ends a run on its once-a-second tick.
    let first = 0;
    let last = 0;
    const options: autocannon.Options = {
      url: `http://127.0.0.1:${ports[kind]}/api/flowwise/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A new order_id for every request: the sandbox, like Flowwise, refuses a reused one.
      requests: [
        {
          setupRequest: (request) => {
            first ||= performance.now();
            return { ...request, body: JSON.stringify({ order_id: `bench_${sequence++}`, ...benchOrder }) };
          },
        },
      ],
      connections,
      amount,
    };
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (error, done) => (error ? reject(error as Error) : resolve(done)));
      instance.on('response', () => (last = performance.now()));
    });
    const after = await ask<{ cpu: NodeJS.CpuUsage }>(child, { type: 'cpu' });
    return {
      cpuPerOrder: (micros(after.cpu) - micros(before.cpu)) / amount,
      requestsPerSecond: amount / ((last - first) / 1000),
      failed: result.non2xx + result.errors,
    };
  };

  try {
    const runs = Object.fromEntries(kinds.map((kind) => [kind, [] as CpuRun[]])) as Record<EndpointKind, CpuRun[]>;
    for (const kind of kinds) await run(kind, Math.ceil(orders / 5));
    for (let round = 0; round < rounds; round++) {
      // Each round in another order, so that no endpoint always follows the same one.
      const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
      for (const kind of order) runs[kind].push(await run(kind, orders));
    }
    return { orders, rounds, connections, runs };
  } finally {
    // Each writes its CPU profile, when asked for one, as it exits.
    await Promise.all(
      [sandbox, ...Object.values(endpoints)].map(({ child }) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.disconnect();
        return exited;
      }),
    );
  }
}
