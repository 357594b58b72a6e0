// The sandbox as the package ships it: `@flowwise/react/sandbox` for Node (a stub that throws in a
// browser bundle), and the `flowwise-sandbox` bin, built as the package build builds it and run with
// plain `node`, as `npx flowwise-sandbox` runs it from an installed tarball.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entries } from '../vite.build.config';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, Record<string, unknown>>;
  typesVersions: Record<string, Record<string, string[]>>;
};

let root: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The package's own entries, bundled as the package build does (same names, same externals), without
  // its declaration step: dist/ holds what the tarball's dist/ holds for the sandbox.
  root = mkdtempSync(join(tmpdir(), 'flowwise-sandbox-package-'));
  await build({
    configFile: 'vite.config.ts',
    logLevel: 'silent',
    publicDir: false,
    build: {
      outDir: join(root, 'dist'),
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: { sandbox: entries.sandbox, 'sandbox-cli': entries['sandbox-cli'] },
        formats: ['es'],
        fileName: (_, name) => `${name}.mjs`,
      },
      rollupOptions: { external: [/^node:/] },
    },
  });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ ...manifest, type: 'module' }));
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

/** Runs the bin the way npm's shim does: `node <bin file> …args`, from an unrelated folder. */
function runBin(args: string[]) {
  const bin = join(root, manifest.bin['flowwise-sandbox']!);
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /Flowwise sandbox on (http:\/\/\S+)/.exec(stdout);
      if (found) resolve(found[1]!);
    });
    void exited.then((code) => reject(new Error(`flowwise-sandbox exited with ${code}: ${stderr}`)));
  });
  return { url, exited, output: () => ({ stdout, stderr }) };
}

const credentials = { 'content-type': 'application/json', 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };

describe('the flowwise-sandbox bin', () => {
  it('is built JavaScript with a node shebang that needs nothing but Node', () => {
    expect(manifest.bin).toEqual({ 'flowwise-sandbox': './dist/sandbox-cli.mjs' });
    const code = readFileSync(join(root, 'dist/sandbox-cli.mjs'), 'utf8');
    expect(code.split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    const imports = [...code.matchAll(/(?:^|\n)import[^'"]*["']([^"']+)["']/g)].map((match) => match[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((path) => !/^(node:|\.\/)/.test(path!))).toEqual([]);
    expect(code).not.toContain('tsx');
  });

  it('starts on the given port and serves the API, with the fault flags it was given', async () => {
    const url = await runBin(['--port', '0', '--upi-delay', '0']).url;
    const order = { order_id: 'bin_1', order_amount: 10, order_currency: 'INR', customer_details: {} };
    expect((await fetch(`${url}/router/orders`, { method: 'POST', headers: credentials, body: JSON.stringify(order) })).status).toBe(200);
    expect(await (await fetch(`${url}/router/orders/bin_1`, { headers: credentials })).json()).toMatchObject({
      order_id: 'bin_1',
      order_status: 'ACTIVE',
    });
    expect(await (await fetch(`${url}/router/orders/bin_1/payments`, { headers: credentials })).json()).toEqual([]);

    const faulty = await runBin(['--port', '0', '--fault', 'html']).url;
    expect((await fetch(`${faulty}/router/orders/bin_1`, { headers: credentials })).status).toBe(502);
  }, 30_000);

  it('prints its usage with --help, and refuses an unknown flag or a bad --upi-delay with it and exit code 2', async () => {
    const help = runBin(['--help']);
    help.url.catch(() => undefined);
    expect(await help.exited).toBe(0);
    expect(help.output().stdout).toContain('--upi-delay <ms>');

    for (const [args, message] of [
      [['--port', '0', '--frobnicate'], "Unknown option '--frobnicate'"],
      [['--port', '0', '--upi-delay', 'soon'], '--upi-delay must be a whole number of milliseconds; got soon.'],
      [['--port', 'eighty'], '--port must be a port number'],
    ] as const) {
      const run = runBin([...args]);
      run.url.catch(() => undefined);
      expect(await run.exited).toBe(2);
      expect(run.output().stderr).toContain(message);
      expect(run.output().stderr).toContain('Usage: flowwise-sandbox [options]');
      expect(run.output().stderr).not.toMatch(/\n\s+at /);
    }
  }, 30_000);

  it('says in one line that it could not start when the port is taken', async () => {
    const url = await runBin(['--port', '0']).url;
    const taken = runBin(['--port', new URL(url).port]);
    taken.url.catch(() => undefined);
    expect(await taken.exited).toBe(1);
    expect(taken.output().stderr).toMatch(/^The sandbox could not start: listen EADDRINUSE/);
  }, 30_000);
});

describe('@flowwise/react/sandbox', () => {
  it('is exported for import and require with types, and to TypeScript on node10 resolution', () => {
    expect(manifest.exports['./sandbox']).toEqual({
      browser: './dist/sandbox.browser.mjs',
      import: { types: './dist/sandbox/index.d.mts', default: './dist/sandbox.mjs' },
      require: { types: './dist/sandbox/index.d.cts', default: './dist/sandbox.cjs' },
    });
    expect(manifest.typesVersions['*']!.sandbox).toEqual(['./dist/sandbox/index.d.cts']);
    expect(entries).toMatchObject({
      sandbox: 'sandbox/index.ts',
      'sandbox.browser': 'sandbox/browser.ts',
      'sandbox-cli': 'sandbox/cli.ts',
    });
  });

  it('starts a sandbox from the built entry', async () => {
    const { startSandbox } = (await import(pathToFileURL(join(root, 'dist/sandbox.mjs')).href)) as typeof import('@flowwise/react/sandbox');
    const sandbox = await startSandbox({ port: 0 });
    try {
      expect((await fetch(`${sandbox.url}/`)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('gives a browser bundle a module that throws a clear error, whichever name it imports', async () => {
    await expect(import('../sandbox/browser')).rejects.toThrow(
      /@flowwise\/react\/sandbox was bundled for a browser\. The sandbox is a local HTTP server that runs in Node/,
    );

    // An installed copy of the package, with the entry and its stub, and an app importing each name.
    const app = mkdtempSync(join(tmpdir(), 'flowwise-sandbox-browser-'));
    try {
      const pkg = join(app, 'node_modules/@flowwise/react');
      mkdirSync(join(pkg, 'dist'), { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest));
      for (const [name, entry] of [
        ['sandbox', entries.sandbox],
        ['sandbox.browser', entries['sandbox.browser']],
      ] as const) {
        await esbuild({
          entryPoints: [entry],
          outfile: join(pkg, `dist/${name}.mjs`),
          bundle: true,
          format: 'esm',
          platform: 'node',
          logLevel: 'silent',
        });
      }
      const names = Object.keys(await import('@flowwise/react/sandbox'));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        writeFileSync(join(app, 'app.mjs'), `import { ${name} } from '@flowwise/react/sandbox';\nexport const used = ${name};\n`);
        const bundle = async (platform: 'browser' | 'node') =>
          (
            await esbuild({
              entryPoints: [join(app, 'app.mjs')],
              bundle: true,
              write: false,
              platform,
              format: 'esm',
              absWorkingDir: app,
              logLevel: 'silent',
            })
          ).outputFiles[0]!.text;
        expect(await bundle('browser'), name).toContain('was bundled for a browser');
        expect(await bundle('node'), name).not.toContain('was bundled for a browser');
      }
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 30_000);
});
