// `npm run test:react-router` (builds first): examples/react-router as a user runs it, with the packed
// tarball, in a fresh folder of its own. Its type-check, then `react-router build` with no Flowwise
// credentials (no page's JavaScript holds the catalogue or the server's code, and the product page's
// none of the return page's); `react-router-serve` without them answers 500 and logs one line naming
// the variable; then a shopper in Chromium clicks "Buy now" on the product page, pays on the local
// sandbox's checkout page and lands on /return, where <FlowwiseOrderStatus> says the payment was
// received; a made-up return URL finds no order; a forged Host and Origin cannot change where Flowwise
// sends the payer back; the reconcile route answers only its secret.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

const screenshot = join(repo, 'test-results/react-router-return-page.png');
/** What the scheduler sends as `Authorization: Bearer …`; the route reads CRON_SECRET. */
const CRON_SECRET = 'react-router-example-cron-secret';

/** `react-router-serve` of the server build on a free port (`PORT`, `HOST`), resolved once it answers; `SHOP_URL` is its address. */
function serve(app: string, env: NodeJS.ProcessEnv): Promise<AppServer> {
  return startApp(join(app, 'node_modules/.bin/react-router-serve'), ['build/server/index.js'], app, env);
}

interface RouteAssets {
  module: string;
  imports?: string[];
}

/**
 * The client build's JavaScript: each route's files (its module and what it imports), and the client
 * entry's as `entry`, read from the manifest React Router writes for the browser; and every asset's text.
 */
function clientBuild(app: string): { routes: Record<string, string[]>; assets: Map<string, string> } {
  const dir = join(app, 'build/client/assets');
  const assets = new Map(readdirSync(dir).map((name) => [`/assets/${name}`, readFileSync(join(dir, name), 'utf8')]));
  const manifest = [...assets].find(([name]) => /\/manifest-[^/]+\.js$/.test(name));
  check(manifest, `no manifest among the client assets: ${[...assets.keys()].join(', ')}`);
  const json = manifest[1].replace(/^window\.__reactRouterManifest=/, '').replace(/;\s*$/, '');
  const { entry, routes } = JSON.parse(json) as { entry: RouteAssets; routes: Record<string, RouteAssets> };
  const filesOf = ({ module, imports = [] }: RouteAssets) => [module, ...imports];
  return {
    routes: { entry: filesOf(entry), ...Object.fromEntries(Object.entries(routes).map(([id, route]) => [id, filesOf(route)])) },
    assets,
  };
}

let sandbox: Sandbox | undefined;
let browser: Browser | undefined;
let failed = false;

try {
  step('pack the built package');
  // Only the example's own sources: not a local node_modules, build output, generated types, data or tarball.
  const folder = installExample('react-router', /[\\/](node_modules|build|\.react-router|\.data|[^\\/]*\.tgz)$/);

  step('type-check the example (react-router typegen && tsc)');
  run('npm', ['run', '--silent', 'typecheck'], folder);

  step('react-router build with no FLOWWISE_* variable set');
  const build = run(join(folder, 'node_modules/.bin/react-router'), ['build'], folder, envWithout());
  console.log(
    build
      .split('\n')
      .filter((line) => /^build\//.test(line.trim()))
      .map((line) => `    ${line.trim()}`)
      .join('\n'),
  );
  const { routes, assets } = clientBuild(folder);
  // Text only the server's code holds: the catalogue's refusal, the credential variables, the order table.
  for (const serverOnly of ['Something in your cart is no longer sold', 'FLOWWISE_CLIENT_SECRET', 'flowwise_orders']) {
    const holders = [...assets].filter(([, text]) => text.includes(serverOnly)).map(([name]) => name);
    check(holders.length === 0, `the browser's JavaScript holds server code ("${serverOnly}") in ${holders.join(', ')}`);
  }
  const jsOf = (id: string) => {
    const files = routes[id];
    check(files, `no route ${id} in the client manifest: ${Object.keys(routes).join(', ')}`);
    return files.map((file) => assets.get(file) ?? '').join('\n');
  };
  check(!jsOf('routes/product').includes('Confirming your payment'), "the product page's JavaScript holds the return page's words");
  check(jsOf('routes/return').includes('Confirming your payment'), "the return page's JavaScript lacks <FlowwiseOrderStatus>'s words");
  for (const id of ['routes/product', 'routes/return']) {
    // What a browser loads for the page: the client entry, the root route and the page's route.
    const files = [...new Set([...routes.entry!, ...routes.root!, ...routes[id]!])];
    const gzip = files.reduce((sum, file) => sum + gzipSync(assets.get(file) ?? '').length, 0);
    console.log(`    ${id}: ${files.length} JavaScript files with React and React Router, ${(gzip / 1000).toFixed(1)} kB gzip`);
  }

  sandbox = await startSandbox({ port: 0 });

  step('react-router-serve without credentials: the resource route answers 500 and logs one line naming FLOWWISE_CLIENT_ID');
  const bare = await serve(folder, envWithout({ CHECKOUT_ORIGIN: sandbox.url }));
  try {
    await expectMissingCredentials(bare, sandbox);
  } finally {
    await bare.stop();
  }

  step('react-router-serve with the sandbox credentials, FLOWWISE_BASE_URL and CHECKOUT_ORIGIN');
  const shop = await serve(
    folder,
    envWithout({
      FLOWWISE_CLIENT_ID: sandbox.clientId,
      FLOWWISE_CLIENT_SECRET: sandbox.clientSecret,
      FLOWWISE_BASE_URL: sandbox.apiBaseUrl,
      CHECKOUT_ORIGIN: sandbox.url,
      CRON_SECRET: CRON_SECRET,
    }),
  );
  try {
    step("a product the catalogue does not sell: prepareOrder's FlowwiseError, imported from @flowwise/react, is a 400");
    await expectUnknownProductRefused(shop, sandbox);

    step('a shopper opens the product page and clicks "Buy now": the action creates the order, the sandbox shows ₹799.00');
    browser = await chromium.launch(chromiumLaunchOptions);
    const shopper = await browser.newContext();
    const { page, orderId } = await clickBuy(shopper, shop.url, sandbox);
    const order = sandbox.orders.get(orderId);
    check(
      order?.request.order_amount === 799 && order.request.return_base_url === `${shop.url}/return`,
      `order ${orderId} at the sandbox: ${JSON.stringify(order?.request)}`,
    );
    console.log(`    order_id ${orderId}, return_base_url ${order.request.return_base_url}`);

    step('they pay on the sandbox checkout page and land on /return: the loader says paid, <FlowwiseOrderStatus> shows it');
    const said = await payAndSeePaid(page, shop.url, orderId);
    const reference = await page.getByRole('status').locator('code').textContent();
    check(reference === orderId, `the return page shows order reference ${reference}, expected ${orderId}`);
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log(`    "${said}"; screenshot: ${screenshot}`);

    step('the status endpoint answers from the order store (PGlite in the app folder): paid');
    await expectPaidInStore(shop, sandbox, [orderId]);
    check(existsSync(join(folder, '.data/orders')), 'no PGlite data folder in the app folder');

    step('a made-up return URL claiming PAID: "We could not find this order.", and no call to Flowwise');
    console.log(`    "${await expectForgedReturnNotFound(shopper, shop.url, sandbox)}"`);

    step('a request with a forged Host and Origin still sends the payer back to the shop, not to the forger');
    await expectForgedHostIgnored(shop, sandbox);

    step('the reconcile resource route: 401 without the secret, its figures as JSON with it');
    await expectReconcileRoute(shop, CRON_SECRET);
  } catch (error) {
    console.error(`react-router-serve output:\n${shop.log()}`);
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
