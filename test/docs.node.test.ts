// Every ```ts and ```tsx block of README.md and docs/ (the generated docs/reference aside) type-checks against the
// package as it ships: dist/*.d.mts, built here first when dist/ is missing or older than its sources.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from './buildIfStale';
import { checkCodeBlocks, codeBlocks, type CheckResult, type Document } from './checkCodeBlocks';

const root = fileURLToPath(new URL('..', import.meta.url));

/** README.md and every markdown file under docs/ but docs/reference/, relative to `dir`, sorted. */
function documentationFiles(dir: string): string[] {
  const docs = join(dir, 'docs');
  if (!existsSync(docs)) return ['README.md'];
  const guides = readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .map((file) => relative(dir, join(docs, file)).split('\\').join('/'))
    .filter((file) => file.endsWith('.md') && !file.startsWith('docs/reference/'));
  return ['README.md', ...guides.sort()];
}

function readDocuments(dir: string): Document[] {
  return documentationFiles(dir).map((path) => ({ path, text: readFileSync(join(dir, path), 'utf8') }));
}

/** How many blocks may be fragments: a tenth of them, and never fewer than 3. */
function fragmentLimit(blocks: number): number {
  return Math.max(3, Math.floor(blocks / 10));
}

const fence = '```';
// What a block may import: the package's entries, the libraries its guides use and the frameworks they are about.
const importable = [
  '@flowwise/react',
  '@flowwise/react/server',
  '@flowwise/react/testing',
  '@flowwise/react/sandbox',
  'react',
  'react-dom/client',
  'react-dom/server',
  '@tanstack/react-query',
  'zod',
  'zod/mini',
  'msw',
  'msw/node',
  'msw/browser',
  'msw-storybook-addon',
  '@storybook/react-vite',
  'vitest',
  '@testing-library/react',
  '@electric-sql/pglite',
  'pg',
  'node:http',
  'react-router',
  'express',
  'hono',
];
// A path from a block's project up into the repository's src/ (spelled out of parts: no file names a parent path).
const intoRepository = ['..', '..', '..', '..', 'src', 'index.ts'].join('/');
const sample = [
  '# Sample', // 1
  '', // 2
  `${fence}ts title="app/cart.ts"`, // 3
  "import { z } from 'zod';", // 4
  'export const cartSchema = z.object({ sku: z.string() });', // 5
  fence, // 6
  '', // 7
  '- A step in a list:', // 8
  '', // 9
  `  ${fence}ts title="app/routes/orders.ts"`, // 10
  "  import { createOrderHandler } from '@flowwise/react/server';", // 11
  "  import { cartSchema } from '../cart';", // 12
  '  export const shape = cartSchema.shape.sku;', // 13
  '  export const handler: typeof createOrderHandler = createOrderHandler;', // 14
  `  ${fence}`, // 15
  '', // 16
  `${fence}tsx`, // 17
  "import { FlowwiseCheckoutButton } from '@flowwise/react';", // 18
  '', // 19
  'export const button = <FlowwiseCheckoutButton order={{ items: [{ sku: "tee", quantity: 2 }] }} />;', // 20
  'export const total: number = "12";', // 21
  fence, // 22
  '', // 23
  `${fence}tsx fragment`, // 24
  '<FlowwiseCheckoutButton order={order}>', // 25
  fence, // 26
  '', // 27
  `${fence}ts`, // 28
  `import { createOrder } from '${intoRepository}';`, // 29
  'export { createOrder };', // 30
  fence, // 31
  '', // 32
  `${fence}sh`, // 33
  'npm install @flowwise/react', // 34
  fence, // 35
  '', // 36
  `\`${fence} ${fence}tsx fragment \`${fence} is inline code, not a fence.`, // 37
  `${fence}tsx title="after-inline.tsx"`, // 38
  'export const after = <p />;', // 39
  fence, // 40
  '', // 41
  `${fence}ts title="imports.ts"`, // 42
  ...importable.map((name, index) => `import * as module${index} from '${name}';`),
  `export const modules = [${importable.map((_, index) => `module${index}`).join(', ')}];`,
  fence,
].join('\n');

const documents = readDocuments(root);
let dir: string;
/** The check of the repository's documents and of the sample's, in one program (it takes seconds). */
let result: CheckResult;
const ofSample = (document: string) => document.startsWith('sample/');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowwise-docs-'));
  mkdirSync(join(dir, 'docs', 'reference'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '');
  writeFileSync(join(dir, 'docs', 'sample.md'), sample);
  // A generated page is never read, even with a block that would not compile.
  writeFileSync(join(dir, 'docs', 'reference', 'index.md'), `${fence}ts\nconst broken: number = '';\n${fence}\n`);
  const samples = readDocuments(dir).map((document) => ({ ...document, path: `sample/${document.path}` }));
  // The build, when one is needed, takes about 10 s.
  await buildIfStale(root);
  result = checkCodeBlocks(root, [...documents, ...samples]);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the checker', () => {
  it('reads README.md and docs/, not docs/reference/', () => {
    expect(documentationFiles(dir)).toEqual(['README.md', 'docs/sample.md']);
  });

  it('takes each ts and tsx block with its file name, its first line and whether it is a fragment', () => {
    expect(codeBlocks(sample).map(({ file, titled, fragment, line }) => ({ file, titled, fragment, line }))).toEqual([
      { file: 'app/cart.ts', titled: true, fragment: false, line: 4 },
      { file: 'app/routes/orders.ts', titled: true, fragment: false, line: 11 },
      { file: 'block-3.tsx', titled: false, fragment: false, line: 18 },
      { file: 'block-4.tsx', titled: false, fragment: true, line: 25 },
      { file: 'block-5.ts', titled: false, fragment: false, line: 29 },
      { file: 'after-inline.tsx', titled: true, fragment: false, line: 39 },
      { file: 'imports.ts', titled: true, fragment: false, line: 43 },
    ]);
    expect(codeBlocks(sample)[1]!.code.split('\n')[0]).toBe("import { createOrderHandler } from '@flowwise/react/server';");
  });

  it("names the document, the markdown line and the compiler's message of each error, and nothing else", () => {
    // The titled blocks import each other, the built package and every library a guide may use; the fragment is
    // not checked.
    expect(result.errors.filter(ofSample)).toEqual([
      `sample/docs/sample.md:29: block-5.ts imports "${intoRepository}", a path in the repository: import the package instead`,
      "sample/docs/sample.md:21: block-3.tsx: TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
    expect(result.blocks.filter(({ document }) => ofSample(document))).toHaveLength(7);
    expect(result.fragments.filter(({ document }) => ofSample(document))).toEqual([{ document: 'sample/docs/sample.md', line: 25 }]);
  });

  it('allows a tenth of the blocks, and at least 3, to be fragments', () => {
    expect([fragmentLimit(0), fragmentLimit(39), fragmentLimit(40), fragmentLimit(100)]).toEqual([3, 3, 4, 10]);
  });
});

describe('the documentation', () => {
  it.each(documents.map((document) => document.path))(
    "%s: every ts and tsx block type-checks against the built package's types",
    (path) => {
      expect(result.errors.filter((error) => error.startsWith(`${path}:`))).toEqual([]);
    },
  );

  it('has no error outside a document (the compiler options, a library)', () => {
    const inDocument = (error: string) => ofSample(error) || documents.some(({ path }) => error.startsWith(`${path}:`));
    expect(result.errors.filter((error) => !inDocument(error))).toEqual([]);
  });

  it('marks few blocks as fragments', () => {
    const blocks = result.blocks.filter(({ document }) => !ofSample(document)).length;
    const where = result.fragments.filter(({ document }) => !ofSample(document)).map(({ document, line }) => `${document}:${line}`);
    expect(where.length, `${where.length} of ${blocks} blocks are fragments: ${where.join(', ')}`).toBeLessThanOrEqual(
      fragmentLimit(blocks),
    );
  });
});
