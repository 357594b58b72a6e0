// npm run bench: what a merchant and a shopper can measure, written to bench/results.md (it builds first).
//   1. CPU per order of the merchant endpoint beside a bare proxy and a hand-written route (bench/cpu.ts);
//   2. click to checkout page in Chromium over a delayed network, beside a plain button (bench/click.ts);
//   3. what each route of a real app loads from the package (scripts/routeSizes.ts).
// `npm run bench -- --profile` instead profiles each endpoint (node --cpu-prof) and prints where its CPU goes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureRouteSizes, ownCodeByModule, routeSizeTable, type RouteSize } from '../scripts/routeSizes.ts';
import { clickVariants, measureClickToCheckout, median, p95, type ClickSample, type ClickVariant } from './click.ts';
import { endpointKinds, measureCpu, type CpuResults, type EndpointKind } from './cpu.ts';
import { profileSummary } from './profileSummary.ts';

const { values: options } = parseArgs({
  options: {
    profile: { type: 'boolean', default: false },
    orders: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    samples: { type: 'string', default: '40' },
  },
});
const HOLD_MS = 100;
const RTTS = [0, 50, 150];

const load = () => os.loadavg()[0]!.toFixed(2);
const ms = (value: number) => `${value.toFixed(0)} ms`;
const verdict = (met: boolean) => (met ? '**met**' : '**not met**');

/**
 * One profiled run of each endpoint (node --cpu-prof): per order, the CPU of the whole process and, for the
 * package's frames and Node's largest, the time spent in each and in what it called.
 */
async function profileEndpoints() {
  const dir = mkdtempSync(join(os.tmpdir(), 'flowwise-profile-'));
  const orders = 6000;
  // With the warm-up run of a fifth as many.
  const measured = orders * 1.2;
  try {
    await measureCpu({ orders, rounds: 1, profile: dir, kinds: ['handler', 'route'] });
    const busy = {} as Record<'handler' | 'route', number>;
    const frames = {} as Record<'handler' | 'route', Array<[string, number]>>;
    for (const kind of ['handler', 'route'] as const) {
      // The endpoint's main thread writes the largest profile; a loader thread writes a small one.
      const main = readdirSync(join(dir, kind))
        .map((file) => join(dir, kind, file))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
      const all = profileSummary(main, measured, () => true);
      busy[kind] = all.find(([frame]) => frame.startsWith('(root)'))![1];
      frames[kind] = all.filter(
        ([frame]) =>
          / dist\/(server|core)\//.test(frame) || /^(fetch|_Request|_Response|ReadableStream|writev|\(garbage collector\)) /.test(frame),
      );
    }
    return { busy, frames };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchmark() {
  const cores = os.cpus();
  const loads: string[] = [load()];
  const cpu = await measureCpu({ orders: Number(options.orders), rounds: Number(options.rounds) });
  const profiled = await profileEndpoints();
  loads.push(load());
  const click = await measureClickToCheckout({ samples: Number(options.samples), rtts: RTTS, holdMs: HOLD_MS });
  loads.push(load());
  const routes = await measureRouteSizes();
  const productModules = await ownCodeByModule('product');
  const markdown = `# Benchmark results

\`npm run bench\`, ${new Date().toISOString().slice(0, 10)}. Machine: ${cores.length} cores (${cores[0]?.model.trim()}), Node ${process.version},
Chromium ${click.version}. Load average (1 min) ${loads[0]} before the CPU run, ${loads[1]} before the Chromium run, ${loads[2]} at its
end; the bench itself keeps about two cores busy, so a figure well above 2 means other work shared the machine.

${cpuSection(cpu, profiled)}

${clickSection(click.samples)}

## What each route of a real app loads

${routeIntro}

${routeSizeTable(routes)}

${routeVerdicts(routes, productModules)}
`;
  // The reconciliation simulation (bench/reconcile.ts) keeps its own section at the end.
  const file = new URL('./results.md', import.meta.url);
  const kept = existsSync(file) ? readFileSync(file, 'utf8').split('<!-- bench:reconcile -->')[1] : undefined;
  writeFileSync(file, kept === undefined ? markdown : `${markdown}\n<!-- bench:reconcile -->${kept}`);
  console.log(markdown);
}

function cpuSection({ orders, rounds, connections, runs }: CpuResults, profiled: Awaited<ReturnType<typeof profileEndpoints>>): string {
  const cpu = (kind: EndpointKind) => median(runs[kind].map((run) => run.cpuPerOrder));
  const names: Record<EndpointKind, string> = {
    handler: '`createOrderHandler` through `toNodeHandler`',
    proxy: 'bare proxy',
    route: 'hand-written route (zod and `fetch`)',
    fetch: '`createOrderHandler` as a plain Fetch handler',
    adapter: '`toNodeHandler` around a handler that answers at once',
    echo: 'a plain Node handler that answers the same at once',
  };
  const rows = endpointKinds.map(
    (kind) =>
      `| ${names[kind]} | **${cpu(kind).toFixed(0)} µs** | ${runs[kind].map((run) => run.cpuPerOrder.toFixed(0)).join(', ')} | ${(cpu(kind) / cpu('proxy')).toFixed(2)} | ${(cpu(kind) / cpu('route')).toFixed(2)} | ${median(runs[kind].map((run) => run.requestsPerSecond)).toFixed(0)} | ${runs[kind].reduce((sum, run) => sum + run.failed, 0)} |`,
  );
  const toProxy = cpu('handler') / cpu('proxy');
  const toRoute = cpu('handler') / cpu('route');
  const adapterCost = cpu('adapter') - cpu('echo');
  return `## CPU per order of the merchant endpoint

Each endpoint in its own Node process against the local sandbox (in another), fed by autocannon (${connections}
connections, each order a new \`order_id\`): the endpoint's own \`process.cpuUsage()\` over ${orders.toLocaleString('en-US')} orders,
divided by them, in ${rounds} rounds after a warm-up, the endpoints in another order each round. The bare proxy forwards the
body to the sandbox with \`fetch\` and checks nothing; the hand-written route is what a shop would write instead of the
handler: POST and JSON only, not cross-site, at most 16 kB, the order checked with the package's zod schema, recorded
in the same memory store, created with a time limit and no redirects, the answer checked with zod and recorded. The plain
Fetch handler is called in its process the way a Fetch runtime would call it (the process builds each \`Request\`), with no
HTTP server, so it is for information. The last two rows do not reach the sandbox: both parse the posted JSON and
answer a fixed order with the handler's headers, one as a Fetch handler through \`toNodeHandler\`, one as a plain Node
handler, so their difference is what the adapter's \`Request\`, body stream, signal and \`Response\` cost. Requests per
second are for information too: they move with whatever else shares the cores.

| endpoint | CPU per order (median) | each round (µs) | ÷ proxy | ÷ route | req/s | failed |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Targets: the handler within 1.25× the bare proxy's CPU per order, ${verdict(toProxy <= 1.25)} (${toProxy.toFixed(2)}×); within 1.0× the
hand-written route's, ${verdict(toRoute <= 1)} (${toRoute.toFixed(2)}×). The handler spends ${(cpu('handler') - cpu('route')).toFixed(0)} µs per order more than the route;
the adapter alone accounts for ${adapterCost.toFixed(0)} µs of a request (${cpu('adapter').toFixed(0)} µs through \`toNodeHandler\`, ${cpu('echo').toFixed(0)} µs plain).
${remainder(toRoute <= 1 && toProxy <= 1.25, profiled)}

Where the handler's CPU goes, from one more run of each under the profiler (\`node --cpu-prof\`, which slows
everything alike; \`npm run bench -- --profile\` prints it): the whole process ${profiled.busy.handler.toFixed(0)} µs per order for the
handler, ${profiled.busy.route.toFixed(0)} µs for the route. Inclusive time per order of the package's largest frames, and of Node's
Fetch objects, the socket writes and the garbage collector (the last also in the route's process):

| frame | handler (µs per order) | route |
|---|---|---|
${profiled.frames.handler
  .slice(0, 22)
  .map(([frame, micros]) => {
    const inRoute = profiled.frames.route.find(([other]) => other === frame)?.[1];
    return `| \`${frame.trim()}\` | ${micros.toFixed(0)} | ${inRoute === undefined ? '' : inRoute.toFixed(0)} |`;
  })
  .join('\n')}`;
}

/**
 * Where the handler's µs beyond the route's go, from the profiled run: Node's frames both processes have, by how much
 * more the handler spends in each, and the package's own largest frames, which the route does not have.
 */
function remainder(met: boolean, { busy, frames }: Awaited<ReturnType<typeof profileEndpoints>>): string {
  const at = (kind: 'handler' | 'route', prefix: string) => frames[kind].find(([frame]) => frame.startsWith(prefix))?.[1] ?? 0;
  const more = (prefix: string) => at('handler', prefix) - at('route', prefix);
  const own = (prefix: string) => at('handler', prefix).toFixed(0);
  const us = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(0)} µs`;
  return `Under the profiler the handler's process spends ${(busy.handler - busy.route).toFixed(0)} µs per order more than the route's (${busy.handler.toFixed(0)}
against ${busy.route.toFixed(0)}). Of Node's own frames, the handler spends ${us(more('ReadableStream '))} in \`ReadableStream\` (the body stream it reads
the order from and the body of the \`Response\` it answers with: Node 20 makes each stream a transferable object),
${us(more('_Response '))} in \`Response\`, ${us(more('_Request '))} in \`Request\` (the adapter's \`Request\` for each order, beside the one
\`fetch\` makes, which the route makes too) and ${us(more('(garbage collector) '))} in the garbage
collector. The package's frames, which the route has none of, are in the table below: the adapter's \`nodeHandler\` ${own('nodeHandler ')} µs
and its \`writeBody\` ${own('writeBody ')} µs (mostly the socket write a route makes too), \`handleCreateOrder\` ${own('handleCreateOrder ')} µs, \`placeOrder\` ${own('placeOrder ')} µs,
and the call to Flowwise, \`send\` in \`core/request\`, ${own('send dist/core/')} µs with \`fetch\` itself inside it (what runs after an \`await\` is
counted under its own frame, so these overlap and do not add up). That is
the work the route does not do: the order checked three times (the posted body, what \`prepareOrder\` returned, and
again by the client, which checks every order it is given), the call to Flowwise under the handler's time limit and
the shopper's signal with a size cap on the answer, every store call wrapped so that its failures are told from
Flowwise's, a request id and security headers on each answer, and the Fetch objects of the one request path (a body
stream and a \`Response\`), which a plain Node route never makes.${
    met
      ? ''
      : ' Dropping those checks, or a Node path past the Fetch objects beside the one request path, would close the rest; this package does neither.'
  }`;
}

function clickSection(samples: ClickSample[]): string {
  const of = (variant: ClickVariant, rttMs: number) => samples.filter((sample) => sample.variant === variant && sample.rttMs === rttMs);
  const fromClick = (variant: ClickVariant, rttMs: number) => of(variant, rttMs).map((sample) => sample.fromClick);
  const fromStart = (variant: ClickVariant, rttMs: number) =>
    of(variant, rttMs).map((sample) => (variant === 'pointerdown' ? sample.fromPress : sample.fromClick));
  // What the browser allows: one round trip for the POST on the store's warm connection, a cold connection
  // to the checkout's site (TCP, TLS 1.3, the page: three), and the page's own time, the plain button's at RTT 0.
  const own = median(fromClick('plain', 0));
  const limit = (rttMs: number) => own + 4 * rttMs;
  const names: Record<ClickVariant, string> = {
    plain: 'plain `<button>`',
    click: '`FlowwiseCheckoutButton`',
    pointerdown: '`FlowwiseCheckoutButton startOn="pointerdown"`',
  };
  const rows = RTTS.flatMap((rttMs) =>
    clickVariants.map(
      (variant) =>
        `| ${rttMs} ms | ${names[variant]} | ${ms(median(fromClick(variant, rttMs)))} | ${ms(p95(fromClick(variant, rttMs)))} | ${ms(median(of(variant, rttMs).map((sample) => sample.fromPress)))} | ${ms(limit(rttMs))} | ${(median(fromStart(variant, rttMs)) / limit(rttMs)).toFixed(2)} |`,
    ),
  );
  const top = RTTS.at(-1)!;
  const sooner = 1 - median(fromClick('pointerdown', top)) / median(fromClick('plain', top));
  const soonerFromPress = 1 - median(of('pointerdown', top).map((s) => s.fromPress)) / median(of('plain', top).map((s) => s.fromPress));
  const clickRatio = median(fromClick('click', top)) / median(fromClick('plain', top));
  const clickToLimit = median(fromStart('click', top)) / limit(top);
  const pressToLimit = median(fromStart('pointerdown', top)) / limit(top);
  return `## Click to checkout page, headless Chromium

The store (\`https://store.test\`) and the checkout (\`https://checkout.test\`) are two sites on loopback, mapped with
\`--host-resolver-rules\`, each behind a relay that delays every packet by half the round-trip time (RTT) each way and
a client's first packet by a whole one more (TCP's handshake). Each sample is a fresh browser context: it loads the
store's page, so its connection to the store is warm and none to the checkout's site exists; presses the pay button
with the mouse, holds it ${HOLD_MS} ms (a click lasts about 90 to 140 ms, by age), releases it, and waits for the
checkout page's first contentful paint. The endpoint answers at once; the checkout page has no subresources. ${samples.length / RTTS.length / clickVariants.length} samples
of each at each RTT, alternating. "From the click" is from the release (\`pointerup\`, on whichever page was showing by
then, or the press plus ${HOLD_MS} ms when it fell between the two: negative when the checkout page came first);
"from the press" from \`pointerdown\`.

The limit is what the browser allows: one RTT for the POST on the store's warm connection, a cold connection to the
checkout's site (TCP, TLS 1.3 and the page request: three RTT), and the page's own time at RTT 0 (the plain button's
median from the click, ${ms(own)}). A partitioned browser (Chromium partitions sockets, TLS sessions and its DNS cache by
top-level site) cannot take a connection to the checkout's site from the store's page: only starting sooner helps.
The ratio is the median from the event that starts the order (the click, or the press for \`startOn="pointerdown"\`)
over the limit.

| RTT | button | median from the click | p95 from the click | median from the press | limit | ÷ limit |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Targets at RTT ${top} ms: \`startOn="pointerdown"\` at least 15% sooner than the plain button, ${verdict(sooner >= 0.15)}
(${(sooner * 100).toFixed(1)}% from the click; ${(soonerFromPress * 100).toFixed(1)}% from the press, which counts the hold in both); the button on
\`click\` within 1.05× the plain button, ${verdict(clickRatio <= 1.05)} (${clickRatio.toFixed(3)}×); both within 1.1× of the limit,
${verdict(clickToLimit <= 1.1 && pressToLimit <= 1.1)} (${clickToLimit.toFixed(2)} on \`click\`, ${pressToLimit.toFixed(2)} on \`pointerdown\`).`;
}

function routeVerdicts(routes: RouteSize[], productModules: Array<[string, number]>): string {
  const product = routes.find((size) => size.route === 'product')!;
  const ownTarget = 3788;
  return `Targets: neither route carries the other page's code, ${verdict(routes.every((size) => size.foreign.length === 0))}; each route adds within 5% of
its import alone, ${verdict(routes.every((size) => size.added <= size.alone * 1.05))} (${routes.map((size) => `${size.route} ${size.added / size.alone > 1 ? '+' : ''}${((size.added / size.alone - 1) * 100).toFixed(1)}%`).join(', ')}); the product page's own
code within 3.7 KiB, ${verdict(Math.max(product.ownAdded, product.ownAlone) <= ownTarget)} (${product.ownAlone.toLocaleString('en-US')} B as its import alone, ${product.ownAdded.toLocaleString('en-US')} B in the app; the
\`.size-limit.js\` row counts the same import less what an empty bundle costs). In that row, the button's own code was
3,670 B before \`startOn\`; \`startOn\` added 123 B, and one file per module 71 B, 42 B of which are the repeated \`import\`
statements of React, zod and TanStack Query that esbuild writes for each file when they are external (an app that
bundles them pays none); cuts that keep every shopper message a checkout can show and every check then took 13 B off,
to 3,851 B. In the app, the provider's code sits in a chunk both routes share, which adds the cost of one more file and
of the names the product page's chunk imports from it. The product page's own code, module by module (minified bytes
each adds to the import alone, before gzip):

| module | bytes |
|---|---|
${productModules.map(([module, bytes]) => `| \`${module}\` | ${bytes.toLocaleString('en-US')} |`).join('\n')}`;
}

const routeIntro = `\`scripts/size-app.ts\` (also run by \`npm run size\`): a Vite app with a product page (\`FlowwiseProvider\` and
\`FlowwiseCheckoutButton startOn="pointerdown"\`) and a return page (\`FlowwiseProvider\` and \`FlowwiseOrderStatus\`), each loaded
lazily, built once with the package and once with a stub of it. Each route's JavaScript is the entry, the route's chunk and
the chunks they import, each file gzipped on its own (min+gzip). "Import alone" is the route's import bundled by
itself as \`.size-limit.js\` bundles it (React external), counting the whole gzip file; "own code" keeps React,
TanStack Query and zod external in both builds. "The other page's code" lists each export that only the other page
needs (found by building each page on its own) that this route loads. Targets: none of it on either route, each route's
addition within 5% of its import alone, and the product page's own code within 3.7 KiB (3,788 B; goal 3.2 kB).`;

// Last, once every constant above is defined.
if (options.profile) {
  const { busy, frames } = await profileEndpoints();
  for (const kind of ['handler', 'route'] as const) {
    console.log(
      `\n${kind}: ${busy[kind].toFixed(0)} µs of CPU per order under the profiler; inclusive, the package's frames and Node's largest:`,
    );
    for (const [frame, micros] of frames[kind].slice(0, 30)) console.log(`${micros.toFixed(0).padStart(6)}  ${frame}`);
  }
} else await benchmark();
