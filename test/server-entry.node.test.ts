import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, Record<string, unknown>>;
  sideEffects: false;
};

/** Bundles `entry` the way a server or a browser build would, and lists the source files it pulled in. */
async function bundle(entry: string, platform: 'node' | 'browser') {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform,
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    external: ['zod', 'zod/*', 'react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/*', 'msw', 'msw/*'],
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]!.text };
}

it('the server entry pulls in core and schemas only: no hooks, components or React', async () => {
  const { inputs, text } = await bundle('src/server/index.ts', 'node');
  expect(inputs).toContain('src/server/createOrderHandler.ts');
  expect(inputs).toContain('src/schemas/index.ts');
  expect(inputs.filter((file) => !/^src\/(server|core|schemas)\//.test(file))).toEqual([]);
  expect(text).not.toMatch(/from ["']react/);
  expect(text).not.toContain('use client');
});

it('the client entry never pulls in server code', async () => {
  const { inputs } = await bundle('src/index.ts', 'browser');
  expect(inputs).toContain('src/components/FlowwiseCheckoutButton.tsx');
  expect(inputs.filter((file) => file.startsWith('src/server/'))).toEqual([]);
});

it('a browser build of @flowwise/react/server gets a module that throws a clear error', async () => {
  const server = manifest.exports['./server']!;
  expect(server.browser).toBe('./dist/server.browser.mjs');
  // Listed before the conditions a browser bundler also matches.
  const conditions = Object.keys(server);
  expect(conditions.indexOf('browser')).toBeLessThan(conditions.indexOf('import'));
  // Edge and worker runtimes match "browser" too, but may run server code: they get the real entry first.
  for (const runtime of ['workerd', 'worker', 'edge-light']) {
    expect(conditions.indexOf(runtime)).toBeLessThan(conditions.indexOf('browser'));
    expect(server[runtime]).toBe('./dist/server.mjs');
  }

  await expect(import('../src/server/browser')).rejects.toThrow(
    /@flowwise\/react\/server was bundled for a browser\. It holds your Flowwise client secret/,
  );
});

it('bundlers resolve @flowwise/react/server through the exports map: browser builds throw, server builds work', async () => {
  // A copy of the package as installed (this package.json, the entries built from src), and an app importing it.
  const root = mkdtempSync(join(tmpdir(), 'flowwise-server-entry-'));
  try {
    const pkg = join(root, 'node_modules/@flowwise/react');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest));
    for (const [name, entry] of [
      ['server', 'src/server/index.ts'],
      ['server.browser', 'src/server/browser.ts'],
    ] as const) {
      await build({
        entryPoints: [entry],
        outfile: join(pkg, `dist/${name}.mjs`),
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        external: ['zod', 'zod/*'],
        logLevel: 'silent',
      });
    }
    const app = join(root, 'app.mjs');
    writeFileSync(app, "import { createOrderHandler } from '@flowwise/react/server';\nexport const handler = createOrderHandler;\n");
    const bundleApp = async (platform: 'browser' | 'node', conditions?: string[]) => {
      const result = await build({
        entryPoints: [app],
        bundle: true,
        write: false,
        platform,
        conditions,
        format: 'esm',
        external: ['zod', 'zod/*'],
        absWorkingDir: root,
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    };

    const browser = await bundleApp('browser');
    expect(browser).toContain('was bundled for a browser');
    expect(browser).not.toContain('function createOrderHandler(');
    const node = await bundleApp('node');
    expect(node).not.toContain('was bundled for a browser');
    expect(node).toContain('function createOrderHandler(');
    const worker = await bundleApp('browser', ['workerd', 'worker']);
    expect(worker).not.toContain('was bundled for a browser');
    expect(worker).toContain('function createOrderHandler(');

    // And the browser bundle really does fail when it loads.
    writeFileSync(join(root, 'browser-bundle.mjs'), browser);
    await expect(import(pathToFileURL(join(root, 'browser-bundle.mjs')).href)).rejects.toThrow(/bundled for a browser/);

    // The package is "sideEffects": false, so the stub survives tree shaking only through the names it
    // exports: every name the server entry exports must keep it in the bundle.
    for (const name of Object.keys(await import('../src/server'))) {
      writeFileSync(app, `import { ${name} } from '@flowwise/react/server';\nexport const used = ${name};\n`);
      expect(await bundleApp('browser'), name).toContain('was bundled for a browser');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it("exports the server's own names only: schemas and errors come from @flowwise/react, and the browser stub lists the same names", async () => {
  const server = Object.keys(await import('../src/server')).sort();
  const root = Object.keys(await import('../src'));
  expect(server.filter((name) => root.includes(name))).toEqual([]);
  for (const name of ['FlowwiseError', 'isFlowwiseError', 'createOrderRequestSchema', 'orderSummarySchema']) {
    expect(root, name).toContain(name);
  }
  const stub = await build({
    entryPoints: ['src/server/browser.ts'],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'out',
    logLevel: 'silent',
  });
  expect([...Object.values(stub.metafile.outputs)[0]!.exports].sort()).toEqual(server);
});

it('exports ./server types first, with import and require like the main entry', () => {
  expect(manifest.exports['./server']).toMatchObject({
    import: { types: './dist/server/index.d.mts', default: './dist/server.mjs' },
    require: { types: './dist/server/index.d.cts', default: './dist/server.cjs' },
  });
  for (const format of ['import', 'require'] as const) {
    expect(Object.keys(manifest.exports['./server']![format] as object)[0]).toBe('types');
  }
});
