import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serverMarkersUnder } from './serverMarkers';

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

it('the client bundle holds no secret header, credential name or server code', () => {
  const files = serverMarkersUnder(outDir);
  expect(files.length).toBeGreaterThan(0);
  expect(readFileSync(files[0]!.file, 'utf8')).toContain('FlowwiseCheckoutButton');
  // A Node built-in in a browser bundle would mean server code came along.
  expect(files.filter(({ file }) => /["']node:/.test(readFileSync(file, 'utf8')))).toEqual([]);
  expect(files.filter(({ found }) => found.length > 0)).toEqual([]);
});
