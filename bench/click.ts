// Click to checkout page, in headless Chromium, as a shopper's browser meets it: the store and the checkout
// are two HTTPS sites (store.test and checkout.test, through --host-resolver-rules) on loopback, each
// reached through a relay that delays every packet by a round-trip time (bench/relay.ts). Every sample
// is a fresh browser context that loads the store's page (so its connection to the store is warm, and
// none to the checkout's site exists, as for a shopper who has not paid there yet), presses the pay
// button with the mouse, holds it `holdMs`, releases it, and waits for the checkout page's first paint. Both
// pages log, as epoch milliseconds, the press, the release and the paint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/chromium.ts';
import { startRelay } from './relay.ts';

export type ClickVariant = 'plain' | 'click' | 'pointerdown';
export const clickVariants: ClickVariant[] = ['plain', 'click', 'pointerdown'];

export interface ClickSample {
  variant: ClickVariant;
  rttMs: number;
  /** From the press (pointerdown) to the checkout page's first contentful paint, in ms. */
  fromPress: number;
  /**
   * From the release (pointerup, on whichever page was showing by then, or the press plus `holdMs` when it
   * fell between the two) to that paint; negative when the checkout page came first.
   */
  fromClick: number;
}

/**
 * A checkout page with no subresources: one request for it, as the limit counts. Neither page asks for a
 * favicon: that request, on the store's one warm connection, would hold up an order posted just after
 * the page loaded.
 */
const CHECKOUT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Checkout</title>
<style>body{font:16px system-ui,sans-serif;margin:0;background:#f6f7f9;color:#111}main{max-width:28rem;margin:3rem auto;background:#fff;
border-radius:12px;padding:2rem;box-shadow:0 1px 4px #0002}h1{font-size:1.25rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}
button{display:block;width:100%;margin-top:1rem;padding:.75rem;font:inherit;border:0;border-radius:8px;background:#1a56db;color:#fff}</style>
<script>addEventListener('pointerup', (event) => console.log(JSON.stringify({ pointerup: performance.timeOrigin + event.timeStamp })), true);
new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint')
console.log(JSON.stringify({ painted: performance.timeOrigin + entry.startTime })); }).observe({ type: 'paint', buffered: true });</script>
</head><body><main><h1>Pay Flowwise Demo Store</h1><dl><dt>Order</dt><dd>bench_order_1</dd><dt>Amount</dt><dd>₹499.50</dd></dl>
<button type="button">Pay by card</button><button type="button">Pay by UPI</button></main></body></html>`;

function certificate(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=store.test',
    '-addext', 'subjectAltName=DNS:store.test,DNS:checkout.test',
  ], { stdio: 'ignore' }); // prettier-ignore
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
export const median = (values: number[]) => percentile(values, 50);
export const p95 = (values: number[]) => percentile(values, 95);

export async function measureClickToCheckout({
  samples = 40,
  rtts = [0, 50, 150],
  holdMs = 100,
}: { samples?: number; rtts?: number[]; holdMs?: number } = {}): Promise<{ version: string; samples: ClickSample[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowwise-bench-'));
  const tls = certificate(dir);
  const script = (
    await build({
      entryPoints: [fileURLToPath(new URL('./page.tsx', import.meta.url))],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      alias: { '@flowwise/react': fileURLToPath(new URL('../dist/index.mjs', import.meta.url)) },
      logLevel: 'error',
    })
  ).outputFiles[0]!.text;

  let checkoutOrigin = '';
  let orders = 0;
  const store = createServer(tls, (req, res) => {
    if (req.method === 'POST') {
      const id = `bench_order_${++orders}`;
      const body = JSON.stringify({ order_id: 'bench_order_1', order_status: 'ACTIVE', checkout_url: `${checkoutOrigin}/checkout/${id}` });
      req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
    } else if (req.url === '/page.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(script);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      res.end(
        `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><meta name="checkout-origin" content="${checkoutOrigin}"><div id="root"></div><script type="module" src="/page.js"></script>`,
      );
    }
  });
  const checkout = createServer(tls, (_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(CHECKOUT_PAGE),
  );
  const storeRelay = await startRelay(await listen(store));
  const checkoutRelay = await startRelay(await listen(checkout));
  checkoutOrigin = `https://checkout.test:${checkoutRelay.port}`;
  const storeOrigin = `https://store.test:${storeRelay.port}`;

  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      '--host-resolver-rules=MAP store.test 127.0.0.1, MAP checkout.test 127.0.0.1',
      '--ignore-certificate-errors',
    ],
  });
  const results: ClickSample[] = [];
  try {
    const one = async (variant: ClickVariant, rttMs: number) => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      try {
        const page = await context.newPage();
        const seen: Record<string, number> = {};
        let painted: () => void = () => {};
        const paint = new Promise<void>((resolve) => (painted = resolve));
        page.on('console', (message) => {
          if (!message.text().startsWith('{')) return;
          const event = JSON.parse(message.text()) as Record<string, number>;
          Object.assign(seen, event);
          if ('painted' in event) painted();
        });
        await page.goto(`${storeOrigin}/?variant=${variant}`, { waitUntil: 'load' });
        const box = (await page.getByRole('button', { name: 'Pay now' }).boundingBox())!;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        await page.mouse.up();
        await Promise.race([
          paint,
          new Promise((_, reject) => setTimeout(() => reject(new Error(`no checkout page (${variant}, RTT ${rttMs})`)), 15_000)),
        ]);
        const press = seen.pointerdown!;
        // Released between the two pages, the release is seen by neither: the hold is then taken as it was meant.
        const release = seen.pointerup ?? press + holdMs;
        results.push({ variant, rttMs, fromPress: seen.painted! - press, fromClick: seen.painted! - release });
      } finally {
        await context.close();
      }
    };
    for (const rttMs of rtts) {
      storeRelay.setRtt(rttMs);
      checkoutRelay.setRtt(rttMs);
      // A warm-up sample of each, not counted.
      for (const variant of clickVariants) {
        await one(variant, rttMs);
        results.pop();
      }
      for (let i = 0; i < samples; i++) {
        // Each round in another order, so that no variant always follows the same one.
        for (let j = 0; j < clickVariants.length; j++) await one(clickVariants[(i + j) % clickVariants.length]!, rttMs);
      }
    }
    return { version: browser.version(), samples: results };
  } finally {
    await browser.close();
    await Promise.all([storeRelay.close(), checkoutRelay.close()]);
    store.close();
    checkout.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
