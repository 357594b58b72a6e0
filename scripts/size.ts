// The client entry's own code counted as the whole gzip file, and again with its strings cut to one character,
// which tells the code from the shopper-facing words and validation rules. `npm run size` runs it after
// size-limit, which holds the budgets (.size-limit.js); the esbuild settings are the ones .size-limit.js uses.
// docs/size-and-speed.md compares the first figure with other hosted checkouts' React packages.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';

const ourDependencies = ['react', 'react-dom', '@tanstack/react-query', 'zod'];

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
async function gzipSize(contents: string, external: string[], transform: (code: string) => string = (code) => code): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: external.flatMap((name) => [name, `${name}/*`]),
  });
  return gzipSync(transform(result.outputFiles[0]!.text), { level: 9 }).length;
}

const client = `export * from './dist/index.mjs';`;
const rows: Array<[string, string, number]> = [
  ['@flowwise/react', 'own code (react, react-dom, @tanstack/react-query, zod external)', await gzipSize(client, ourDependencies)],
  ['@flowwise/react', 'own code, string literals cut to one character', await gzipSize(client, ourDependencies, cutStrings)],
];
// kB as size-limit prints them: 1000 bytes.
const format = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const nameWidth = Math.max(...rows.map(([name]) => name.length));
const whatWidth = Math.max(...rows.map(([, what]) => what.length));
console.log('\nThe client entry counted as the whole gzip file (size-limit leaves out the 32 B of an empty bundle):\n');
console.log(`${'package'.padEnd(nameWidth)}  ${'measured'.padEnd(whatWidth)}  min+gzip`);
for (const [name, what, bytes] of rows) console.log(`${name.padEnd(nameWidth)}  ${what.padEnd(whatWidth)}  ${format(bytes).padStart(8)}`);
