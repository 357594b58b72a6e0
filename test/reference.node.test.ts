// docs/reference is generated from the TSDoc of the four entries (`npm run docs:reference`, typedoc.json) and
// committed: it must be what the sources generate today, and every export of every entry has its section there,
// with a summary.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const reference = join(root, 'docs/reference');

/** Each entry, the source file it is built from and its page in docs/reference. */
const entries = [
  { entry: '@flowwise/react', source: 'src/index.ts', page: '@flowwise/react.md' },
  { entry: '@flowwise/react/server', source: 'src/server/index.ts', page: '@flowwise/react/server.md' },
  { entry: '@flowwise/react/testing', source: 'src/testing/index.ts', page: '@flowwise/react/testing.md' },
  { entry: '@flowwise/react/sandbox', source: 'sandbox/index.ts', page: '@flowwise/react/sandbox.md' },
];

/** Every file under `dir` with its text, by path relative to `dir`. */
function tree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8', withFileTypes: false }).sort();
  return Object.fromEntries(
    files.flatMap((file) => {
      try {
        return [[file.split('\\').join('/'), readFileSync(join(dir, file), 'utf8')]];
      } catch {
        return []; // a folder
      }
    }),
  );
}

/** The names `source` exports, values and types, as the compiler sees them. */
function exportsOf(program: ts.Program, source: string): string[] {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(join(root, source))!)!;
  return checker.getExportsOfModule(module).map((symbol) => symbol.name);
}

/**
 * The summary of each `### name` section of a generated page: the text before the section's first heading, its
 * signature (`> …`) left out; a function's comes from its first call signature when it has several.
 */
function summaries(page: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const section of page.split(/^### /m).slice(1)) {
    const [heading = '', ...lines] = section.split('\n');
    const name = heading.replace(/\(\)$/, '').replace(/\\(.)/g, '$1').trim();
    const prose = (from: string[]) => {
      const text: string[] = [];
      for (const line of from) {
        if (/^#{4,} |^\*\*\*$/.test(line)) break;
        if (!line.startsWith('>')) text.push(line);
      }
      return text.join('\n').trim();
    };
    let summary = prose(lines);
    const signature = lines.findIndex((line) => /^#{4,} Call Signature$/.test(line));
    if (!summary && signature !== -1) summary = prose(lines.slice(signature + 1));
    if (summary || !found.has(name)) found.set(name, summary);
  }
  return found;
}

describe('docs/reference', () => {
  let generated: string;
  beforeAll(async () => {
    generated = mkdtempSync(join(tmpdir(), 'flowwise-reference-'));
    await promisify(execFile)(join(root, 'node_modules/.bin/typedoc'), ['--out', generated, '--logLevel', 'Warn'], { cwd: root });
  }, 120_000);
  afterAll(() => rmSync(generated, { recursive: true, force: true }));

  it('is what the sources generate (run npm run docs:reference after changing a TSDoc comment or an export)', () => {
    expect(tree(reference), 'docs/reference is out of date: run npm run docs:reference').toEqual(tree(generated));
  });

  const program = ts.createProgram({
    rootNames: entries.map(({ source }) => join(root, source)),
    options: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, jsx: ts.JsxEmit.ReactJSX, noEmit: true },
  });

  it.each(entries)('$entry: every export, value or type, has a section with a summary', ({ source, page }) => {
    const sections = summaries(readFileSync(join(reference, page), 'utf8'));
    const names = exportsOf(program, source);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !sections.get(name))).toEqual([]);
  });

  it("a section's summary is the prose under its heading or its first call signature, not its signature", () => {
    const page = [
      '## Functions',
      '### documented()',
      '> **documented**(): `void`',
      'Does one thing.',
      '#### Returns',
      '### overloaded()',
      '#### Call Signature',
      '> **overloaded**(`a`): `void`',
      'Does it with a.',
      '### DEFAULT\\_LIMIT',
      '> `const` **DEFAULT\\_LIMIT**: `5`',
      '***',
      '### Bare',
      '#### Properties',
      'A property.',
    ].join('\n');
    expect(Object.fromEntries(summaries(page))).toEqual({
      documented: 'Does one thing.',
      overloaded: 'Does it with a.',
      DEFAULT_LIMIT: '',
      Bare: '',
    });
  });
});
