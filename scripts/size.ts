// Minified + gzipped size of each built entry, with budgets for the client entry, beside the React
// wrappers storefronts use for hosted checkout today. Every row is bundled with the same esbuild
// settings. `npm run size` builds first. Exits non-zero when a budget is exceeded.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';

const KB = 1024;
// The own-code budget holds today's size, so that nothing grows unnoticed. The "string literals cut" row
// shows how much of it is code: that is the floor for the behaviour the entry has.
const budgets = { ownCode: 3.7 * KB, withZod: 11 * KB };

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const react = ['react', 'react-dom', 'react/jsx-runtime'];
const tanstack = ['@tanstack/react-query'];
const allDependencies = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];

/** Replaces every string literal and template text longer than three characters with `x`, import paths aside. */
function cutStrings(code: string): string {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const cuts: Array<[number, number, string]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length > 3) {
      cuts.push([node.getStart(file), node.end, ts.isStringLiteral(node) ? '"x"' : '`x`']);
    } else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (node.text.length > 3) {
        const start = node.getStart(file);
        const open = node.kind === ts.SyntaxKind.TemplateHead ? '`' : '}';
        const close = node.kind === ts.SyntaxKind.TemplateTail ? '`' : '${';
        cuts.push([start, node.end, `${open}x${close}`]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let cut = code;
  for (const [start, end, text] of cuts.sort((a, b) => b[0] - a[0])) cut = cut.slice(0, start) + text + cut.slice(end);
  return cut;
}

/** Bundles `contents` (an ES module) with everything but `external`, minifies it, and returns the gzip size in bytes. */
async function gzipSize(
  contents: string,
  external: string[],
  platform: 'browser' | 'node' = 'browser',
  transform: (code: string) => string = (code) => code,
): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: external.flatMap((name) => [name, `${name}/*`]),
  });
  return gzipSync(transform(result.outputFiles[0]!.text), { level: 9 }).length;
}

/** The built file an `exports` entry points at for an ESM import (the Node one for server entries). */
function importTarget(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const conditions = entry as Record<string, unknown>;
  for (const key of ['node', 'import', 'default']) if (key in conditions) return importTarget(conditions[key]);
  throw new Error(`No import target in ${JSON.stringify(entry)}`);
}

const format = (bytes: number) => `${(bytes / KB).toFixed(2)} kB`;
const rows: Array<[string, string, number]> = [];
const failures: string[] = [];

const clientFile = `./${importTarget(pkg.exports['.']).replace(/^\.\//, '')}`;
const clientEntry = `export * from '${clientFile}';`;
const ownCode = await gzipSize(clientEntry, allDependencies);
const withZod = await gzipSize(clientEntry, [...react, ...tanstack]);
const withTanstack = await gzipSize(clientEntry, react);
rows.push(['@flowwise/react', 'own code (react, react-dom, @tanstack/react-query, zod external)', ownCode]);
rows.push(['@flowwise/react', 'own code, string literals cut to one character (not budgeted)', await gzipSize(clientEntry, allDependencies, 'browser', cutStrings)]);
rows.push(['@flowwise/react', 'with zod (react, react-dom, @tanstack/react-query external)', withZod]);
rows.push(['@flowwise/react', 'with zod and @tanstack/react-query (react, react-dom external)', withTanstack]);
if (ownCode > budgets.ownCode) failures.push(`own code is ${format(ownCode)}, budget ${format(budgets.ownCode)}`);
if (withZod > budgets.withZod) failures.push(`with zod is ${format(withZod)}, budget ${format(budgets.withZod)}`);

for (const [subpath, entry] of Object.entries(pkg.exports as Record<string, unknown>)) {
  if (subpath === '.' || subpath === './package.json') continue;
  const file = `./${importTarget(entry).replace(/^\.\//, '')}`;
  const platform = subpath === './server' ? 'node' : 'browser';
  const size = await gzipSize(`export * from '${file}';`, allDependencies, platform);
  rows.push([`@flowwise/react/${subpath.slice(2)}`, 'own code, not budgeted (dependencies external)', size]);
}

// The same measurement for the packages storefronts use today: their whole entry, React external.
// Each of these also loads a remote SDK script at run time, which is not counted here.
const others: Array<[string, string]> = [
  ['@paypal/react-paypal-js', `export * from '@paypal/react-paypal-js';`],
  ['@stripe/react-stripe-js + loadStripe', `export * from '@stripe/react-stripe-js'; export { loadStripe } from '@stripe/stripe-js';`],
  ['react-razorpay', `export * from 'react-razorpay';`],
  ['@cashfreepayments/cashfree-js', `export * from '@cashfreepayments/cashfree-js';`],
];
for (const [name, contents] of others) {
  rows.push([name, 'dependencies bundled (react, react-dom external) + a remote SDK script at run time', await gzipSize(contents, react)]);
}

const nameWidth = Math.max(...rows.map(([name]) => name.length));
const whatWidth = Math.max(...rows.map(([, what]) => what.length));
console.log(`${'package'.padEnd(nameWidth)}  ${'measured'.padEnd(whatWidth)}  min+gzip`);
for (const [name, what, bytes] of rows) console.log(`${name.padEnd(nameWidth)}  ${what.padEnd(whatWidth)}  ${format(bytes).padStart(8)}`);
console.log(`\nBudgets: own code ≤ ${format(budgets.ownCode)}, with zod ≤ ${format(budgets.withZod)}.`);

if (failures.length > 0) {
  console.error(`\nOver budget: ${failures.join('; ')}.`);
  process.exit(1);
}
