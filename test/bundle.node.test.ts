import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

// What a shopper's browser downloads must never carry the merchant's secret or any server code.
const forbidden = [
  /x-client-secret/i,
  /x-client-id/i,
  /clientSecret/,
  /createOrderHandler/,
  /toNodeHandler/,
  /createFlowwiseClient/,
  /node:/,
  /sandbox\.flowwise\.com/,
  /app\.flowwise\.com\/router/,
];

let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'flowwise-client-bundle-'));
  // Bundle the client entry the way a storefront's production build would: everything but React inlined.
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'silent',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'client' },
      rollupOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/] },
    },
  });
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(m?js|cjs|html)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

it('the client bundle holds no secret header, credential name or server code', () => {
  const files = filesUnder(outDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('FlowwiseCheckoutButton');
    const found = forbidden.filter((pattern) => pattern.test(text)).map(String);
    expect({ file, found }).toEqual({ file, found: [] });
  }
});
