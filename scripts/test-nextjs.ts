// `npm run test:nextjs` (builds first): examples/nextjs as a user runs it, with the packed tarball, in a
// fresh folder of its own. `next build` with no Flowwise credentials; a route without them answers 500
// and logs one line naming the variable; then two shoppers in two browser contexts click the same
// prerendered button, get two different orders at the local sandbox, pay, and land on /return, where
// <FlowwiseOrderStatus> says the payment was received; a made-up return URL finds no order; a forged
// Host and Origin cannot change where Flowwise sends the payer back.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startSandbox, type Sandbox } from '../sandbox';
import { chromiumLaunchOptions } from './chromium';
import {
  check,
  cleanUp,
  clickBuy,
  envWithout,
  expectForgedHostIgnored,
  expectForgedReturnNotFound,
  expectMissingCredentials,
  expectPaidInStore,
  expectReconcileRoute,
  expectUnknownProductRefused,
  installExample,
  payAndSeePaid,
  repo,
  run,
  startApp,
  step,
  type AppServer,
} from './exampleSupport';

const screenshot = join(repo, 'test-results/nextjs-product-page.png');
/** What the scheduler sends as `Authorization: Bearer …`; the route reads CRON_SECRET. */
const CRON_SECRET = 'nextjs-example-cron-secret-0123';
const NO_TELEMETRY = { NEXT_TELEMETRY_DISABLED: '1' };

/** `next start` on a free port, resolved once it answers; `SHOP_URL` is set to its address. */
function nextStart(app: string, env: NodeJS.ProcessEnv): Promise<AppServer> {
  return startApp(join(app, 'node_modules/.bin/next'), ['start'], app, env, (port) => ['-H', '127.0.0.1', '-p', String(port)]);
}

let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let failed = false;

try {
  step('pack the built package');
  // Only the example's own sources: not a local node_modules, .next or tarball.
  const folder = installExample('nextjs', /[\\/](node_modules|\.next|\.data|next-env\.d\.ts|[^\\/]*\.tgz)$/);

  // The checkout origin is baked into the prerendered pages, so the sandbox is up before the build.
  sandbox = await startSandbox({ port: 0 });

  step('next build with no FLOWWISE_* variable set');
  const build = run(
    join(folder, 'node_modules/.bin/next'),
    ['build'],
    folder,
    envWithout({ ...NO_TELEMETRY, NEXT_PUBLIC_CHECKOUT_ORIGIN: sandbox.url }),
  );
  console.log(build.trim().replace(/^/gm, '    '));
  const prerendered = JSON.parse(readFileSync(join(folder, '.next/prerender-manifest.json'), 'utf8')) as {
    routes: Record<string, unknown>;
  };
  check(
    '/' in prerendered.routes,
    'the product page / is not prerendered: the test would not show that shoppers of one static page get their own order_id',
  );

  step('next start without credentials: the route answers 500 and logs one line naming FLOWWISE_CLIENT_ID');
  const bare = await nextStart(folder, envWithout(NO_TELEMETRY));
  try {
    await expectMissingCredentials(bare, sandbox);
  } finally {
    await bare.stop();
  }

  step('next start with the sandbox credentials and FLOWWISE_BASE_URL');
  const shop = await nextStart(
    folder,
    envWithout({
      ...NO_TELEMETRY,
      FLOWWISE_CLIENT_ID: sandbox.clientId,
      FLOWWISE_CLIENT_SECRET: sandbox.clientSecret,
      FLOWWISE_BASE_URL: sandbox.apiBaseUrl,
      CRON_SECRET: CRON_SECRET,
    }),
  );
  try {
    step("a product the catalogue does not sell: prepareOrder's FlowwiseError, imported from @flowwise/react, is a 400");
    await expectUnknownProductRefused(shop, sandbox);

    step('two shoppers in two browser contexts click "Buy now" on the same prerendered page');
    browser = await chromium.launch(chromiumLaunchOptions);
    const shoppers = [await browser.newContext(), await browser.newContext()];
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    const first = await clickBuy(shoppers[0]!, shop.url, sandbox, screenshot);
    const second = await clickBuy(shoppers[1]!, shop.url, sandbox);
    check(first.orderId !== second.orderId, `both shoppers got order_id ${first.orderId}`);
    check(sandbox.orders.size === 2, `the sandbox holds ${sandbox.orders.size} orders, expected 2`);
    for (const { orderId } of [first, second]) {
      const order = sandbox.orders.get(orderId);
      check(
        order?.request.order_amount === 799 && order.request.return_base_url === `${shop.url}/return`,
        `order ${orderId} at the sandbox: ${JSON.stringify(order?.request)}`,
      );
    }
    console.log(`    order_ids: ${first.orderId}, ${second.orderId}; product page screenshot: ${screenshot}`);

    step('both pay on the sandbox checkout page and land on /return, where <FlowwiseOrderStatus> says paid');
    for (const { page, orderId } of [first, second]) console.log(`    ${orderId}: "${await payAndSeePaid(page, shop.url, orderId)}"`);
    await second.page.screenshot({ path: screenshot.replace('product-page', 'return-page') });

    step('the status endpoint answers from the order store (PGlite in the app folder): paid');
    await expectPaidInStore(shop, sandbox, [first.orderId, second.orderId]);
    check(existsSync(join(folder, '.data/orders')), 'no PGlite data folder in the app folder');

    step('a made-up return URL claiming PAID: "We could not find this order.", and no call to Flowwise');
    console.log(`    "${await expectForgedReturnNotFound(shoppers[0]!, shop.url, sandbox)}"`);

    step('a request with a forged Host and Origin still sends the payer back to the shop, not to the forger');
    await expectForgedHostIgnored(shop, sandbox);

    step('the reconcile cron route (vercel.json): 401 without the secret, its figures as JSON with it');
    const crons = (JSON.parse(readFileSync(join(folder, 'vercel.json'), 'utf8')) as { crons: Array<{ path: string }> }).crons;
    check(
      crons.some((cron) => cron.path === '/api/flowwise/reconcile'),
      `vercel.json has no cron for the route: ${JSON.stringify(crons)}`,
    );
    await expectReconcileRoute(shop, CRON_SECRET);
  } catch (error) {
    console.error(`next start output:\n${shop.log()}`);
    throw error;
  } finally {
    await shop.stop();
  }
  step('passed');
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
  step('FAILED');
} finally {
  await browser?.close();
  await sandbox?.close();
  cleanUp();
}
process.exit(failed ? 1 : 0);
