// The demo storefront's production build under a strict Content-Security-Policy, in headless Chromium:
// a whole checkout (store → merchant endpoint → sandbox checkout page → back) reports no violation.
import { createFlowwiseClient, toNodeHandler } from '@flowwise/react/server';
import react from '@vitejs/plugin-react';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createStorefrontHandler } from '../examples/storefront/server/merchant';
import { startSandbox, type Sandbox } from '../sandbox';
import { packageAliases } from '../vite.config';
import { chromiumLaunchOptions } from '../scripts/chromium';

// No 'unsafe-inline', no 'unsafe-eval', nothing from another origin. Violations are also reported to
// the server, so that one the page's own listener misses still counts.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'report-uri /csp-report',
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const storefrontRoot = fileURLToPath(new URL('../examples/storefront', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'storefront-csp-'));
const outDir = join(workDir, 'dist');

let sandbox: Sandbox;
let server: Server;
let storeUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const reported: string[] = [];
const violations: string[] = [];

/** A production server for the built store: static files with the CSP, and the merchant endpoint. */
async function serveStore(): Promise<void> {
  server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  storeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
  });
  const orders = toNodeHandler(createStorefrontHandler({ client, storeUrl }));
  server.on('request', (req, res) => {
    const { pathname } = new URL(req.url ?? '/', storeUrl);
    if (pathname === '/api/flowwise/orders') return void orders(req, res);
    if (pathname === '/csp-report' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        reported.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204).end();
      });
      return;
    }
    // Files from the build; any other path is the single-page app (e.g. /return).
    const file = resolve(outDir, `.${decodeURIComponent(pathname)}`);
    const isFile = file.startsWith(outDir + sep) && statSync(file, { throwIfNoEntry: false })?.isFile();
    const path = isFile ? file : join(outDir, 'index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(path));
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  // The demo as a storefront would ship it: a production Vite build.
  await build({
    configFile: false,
    root: storefrontRoot,
    logLevel: 'silent',
    cacheDir: join(workDir, 'vite-cache'),
    plugins: [react()],
    resolve: { alias: packageAliases },
    define: {
      __CHECKOUT_ORIGINS__: JSON.stringify([sandbox.url]),
      __FLOWWISE_MODE__: JSON.stringify('local sandbox'),
    },
    build: { outDir, emptyOutDir: true },
  });
  await serveStore();
  browser = await chromium.launch(chromiumLaunchOptions);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await sandbox?.close();
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(async () => {
  sandbox.reset();
  reported.length = 0;
  violations.length = 0;
  await context?.close();
  context = await browser.newContext();
  // In every document of the context (the store and the checkout page), before any of its scripts.
  await context.exposeBinding('reportViolation', ({ frame }, text: string) => {
    violations.push(`${frame.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (/content security policy|refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
});

it('completes a checkout with no CSP violation, on the store and on the checkout page', async () => {
  const response = await page.goto(storeUrl);
  expect(response?.headers()['content-security-policy']).toBe(CSP);
  // The build loads its script and styles from files, nothing inline.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|\sstyle="/);

  await page.getByRole('button', { name: 'Add Linen shirt to cart' }).click();
  await page.getByRole('button', { name: 'Add Ceramic mug to cart' }).click();
  await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('₹1,848.50');
  await page.getByRole('button', { name: 'Pay ₹1,848.50' }).click();

  await page.waitForURL(`${sandbox.url}/checkout/**`);
  await expect.poll(() => page.getByTestId('amount').textContent()).toBe('₹1,848.50');
  // The checkout page has a strict policy of its own: its one inline <style> is allowed by hash, and applies.
  const checkoutPolicy = (await fetch(page.url())).headers.get('content-security-policy');
  expect(checkoutPolicy).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(checkoutPolicy).not.toMatch(/unsafe-(inline|eval)/);
  // Its one script (the leave beacon) by hash only.
  expect(checkoutPolicy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*';/);
  const pay = page.getByRole('button', { name: 'Pay', exact: true });
  expect(await pay.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(59, 63, 216)');
  await pay.click();

  await page.waitForURL(`${storeUrl}/return?**`);
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  expect([...sandbox.orders.values()].map((order) => order.status)).toEqual(['PAID']);
  // Violations arrive asynchronously, each way in order. A violation of the test's own comes last: once the
  // page's listener, the console and a report have each shown it, one the checkout caused would have come first.
  await page.evaluate(() => {
    const image = document.createElement('img');
    image.src = 'http://csp-marker.invalid/after-checkout.png';
    document.body.append(image);
  });
  const marker = (text: string) => text.includes('csp-marker.invalid');
  await expect
    .poll(() => [
      violations.some((line) => marker(line) && !line.startsWith('console: ')),
      violations.some((line) => marker(line) && line.startsWith('console: ')),
      reported.some(marker),
    ])
    .toEqual([true, true, true]);
  expect(violations.filter((line) => !marker(line))).toEqual([]);
  expect(reported.filter((report) => !marker(report))).toEqual([]);
}, 60_000);

it('the policy is enforced and a violation would be seen: an injected inline script is blocked and reported', async () => {
  await page.goto(storeUrl);
  await page.getByRole('button', { name: 'Add Linen shirt to cart' }).waitFor();

  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineScriptRan = true';
    document.head.append(script);
  });

  await expect.poll(() => violations.some((line) => line.includes('script-src-elem blocked inline'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
  await expect.poll(() => reported.length).toBeGreaterThan(0);
});
