// Checks the package as npm would publish it: packs the built dist/ (`npm run check:package` builds it first), then
// lints the tarball with publint and Are the Types Wrong, and checks what those do not: the file list,
// "sideEffects", types for every subpath, and where "use client" is (and is not).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const problems: string[] = [];
const check = (ok: unknown, problem: string) => {
  if (!ok) problems.push(problem);
};

/** Every file an `exports` entry can resolve to, with the conditions leading there (e.g. `import.types`). */
function targets(entry: unknown, conditions: string[] = []): Array<[string, string]> {
  return typeof entry === 'string'
    ? [[conditions.join('.'), entry]]
    : Object.entries(entry as Record<string, unknown>).flatMap(([key, value]) => targets(value, [...conditions, key]));
}

const dir = mkdtempSync(join(tmpdir(), 'flowwise-pack-'));
try {
  // `npm publish --dry-run` runs this script (prepublishOnly) with npm_config_dry_run set, under which pack would
  // write no tarball: the flag wins over that setting.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--dry-run=false', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = join(dir, packed!.filename);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const root = join(dir, 'package');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = packed!.files.map((file) => file.path);
  console.log(`${packed!.filename}: ${files.length} files`);

  // publint: any message at all, suggestions included, is a problem.
  // The unpacked tarball holds exactly the published files, so publint lints it as it is.
  const lint = await publint({ pkgDir: root, pack: false, level: 'suggestion' });
  for (const message of lint.messages) problems.push(`publint ${message.type}: ${formatMessage(message, lint.pkg)}`);

  // Are the Types Wrong, on the same tarball: every entry point under every module resolution mode.
  try {
    execFileSync('attw', [tarball, '--format', 'table-flipped'], { stdio: 'inherit' });
  } catch {
    problems.push('attw reported problems (table above)');
  }

  // Every module is side-effect free, so bundlers drop what a storefront does not use. (/server's browser
  // stub stays in a bundle through the names it exports; test/server-entry.node.test.ts checks that.)
  check(pkg.sideEffects === false, `"sideEffects" must be false, not ${JSON.stringify(pkg.sideEffects)}`);
  const stray = files.filter((file) => !/^dist\//.test(file) && !['package.json', 'README.md', 'LICENSE'].includes(file));
  check(stray.length === 0, `the tarball ships files outside dist, README.md and LICENSE: ${stray.join(', ')}`);
  for (const required of ['README.md', 'LICENSE']) check(files.includes(required), `the tarball is missing ${required}`);
  const sources = files.filter((file) => /\.tsx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file));
  check(sources.length === 0, `the tarball ships TypeScript sources: ${sources.join(', ')}`);

  // Every subpath resolves, for import and require, to a shipped file and to shipped types.
  for (const [subpath, entry] of Object.entries(pkg.exports as Record<string, unknown>)) {
    if (subpath === './package.json') continue;
    const resolved = targets(entry);
    for (const [conditions, target] of resolved) {
      check(existsSync(join(root, target)), `${subpath} (${conditions}) points at ${target}, which is not in the tarball`);
    }
    for (const mode of ['import', 'require']) {
      check(
        resolved.some(([conditions]) => conditions === `${mode}.types`),
        `${subpath} has no "types" for ${mode}`,
      );
    }
  }

  // The sandbox: a Node-only subpath whose browser condition is a stub, and a bin that plain `node` runs.
  check(pkg.exports['./sandbox']?.browser === './dist/sandbox.browser.mjs', './sandbox has no browser stub listed first');
  check(Object.keys(pkg.exports['./sandbox'] ?? {})[0] === 'browser', './sandbox must list its "browser" condition first');
  const bin = (pkg.bin as Record<string, string> | undefined)?.['flowwise-sandbox'];
  check(bin !== undefined, 'there is no flowwise-sandbox bin');
  if (bin !== undefined) {
    const binFile = bin.replace(/^\.\//, '');
    check(files.includes(binFile), `the flowwise-sandbox bin ${bin} is not in the tarball`);
    if (files.includes(binFile)) {
      const code = readFileSync(join(root, binFile), 'utf8');
      check(code.startsWith('#!/usr/bin/env node\n'), `${bin} does not start with a node shebang`);
      check(!/["'](tsx|typescript)["'/]/.test(code), `${bin} needs tsx or TypeScript at run time`);
    }
  }

  // "use client" must open the files that hold hooks and components (dist/client.* and the client-* chunks
  // they share with the entry; Next.js reads only the first statement) and appear in no other file: not in
  // the entry itself, whose errors, schemas and types Server Components import, and not in /server (or a
  // chunk it imports), where it would make a bundler treat server code as client code.
  check('./server' in pkg.exports, 'there is no ./server export');
  const clientFiles = targets(pkg.exports['.'])
    .filter(([conditions]) => !conditions.endsWith('types'))
    .map(([, file]) => file.replace(/^\.\//, ''));
  for (const file of files.filter((name) => /\.[cm]?js$/.test(name))) {
    const code = readFileSync(join(root, file), 'utf8');
    const marked = /^dist\/client[.-]/.test(file);
    if (marked) check(/^["']use client["'];?\n/.test(code), `${file} does not start with "use client"`);
    else check(!code.includes('use client'), `${file} contains "use client", but it holds no hook or component`);
    if (code.includes('createContext(')) check(marked, `${file} creates a React context but is not marked "use client"`);
  }
  check(
    clientFiles.every((file) => files.includes(file)),
    'a client entry file is missing',
  );
  check(
    files.some((file) => /^dist\/client-.*\.js$/.test(file)),
    'no client-* chunk: the hooks are no longer in a marked chunk of their own',
  );

  // The client entry and every chunk it imports go to shoppers' browsers: none may carry server code.
  const shipped = new Set<string>();
  const visit = (file: string) => {
    if (shipped.has(file) || !files.includes(file)) return;
    shipped.add(file);
    const code = readFileSync(join(root, file), 'utf8');
    for (const [, path] of code.matchAll(/(?:from|require\()\s*["'](\.\/[^"']+)["']/g)) visit(join(dirname(file), path!));
  };
  clientFiles.forEach(visit);
  for (const file of shipped) {
    const code = readFileSync(join(root, file), 'utf8');
    for (const marker of ['x-client-secret', 'x-client-id', 'clientSecret', 'createOrderHandler', 'startSandbox', 'node:']) {
      check(!code.includes(marker), `${file}, shipped to browsers by the client entry, contains "${marker}"`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\nPackage check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('Package check passed: publint, attw, files, sideEffects, types for every subpath, the sandbox bin, "use client".');
