// A clone of this repository has only the repository: nothing tracked may read or name a path outside it.
// And its README and guides link no other company as Flowwise. (Every export is documented in docs/reference:
// test/reference.node.test.ts.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((file) => file && !file.endsWith('package-lock.json'));
}

function textOf(file: string): string | undefined {
  const bytes = readFileSync(resolve(root, file));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

/** Every `../…` path written in `text`, with the line it is on. */
function parentPaths(text: string): Array<{ path: string; line: number }> {
  const found: Array<{ path: string; line: number }> = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/(?<![\w./-])((?:\.\.\/)+[^\s'"`()<>,;]*)/g)) found.push({ path: match[1]!, line: index + 1 });
  });
  return found;
}

describe('the repository is self-sufficient', () => {
  it('no tracked file refers to a path outside the repository', () => {
    const outside: string[] = [];
    for (const file of trackedFiles()) {
      const text = textOf(file);
      if (text === undefined) continue;
      for (const { path, line } of parentPaths(text)) {
        // Outside as the file's own folder resolves it, or naming the team folder beside the repository
        // (a path resolved against the working directory, as a test run from the root would).
        const target = relative(root, resolve(root, dirname(file), path));
        if (target === '..' || target.startsWith(`..${sep}`) || /^\.\.\/shared\b/.test(path)) outside.push(`${file}:${line}: ${path}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('the guard itself sees a path outside the repository', () => {
    const sibling = ['..', 'shared', 'spec', 'x.yaml'].join('/');
    expect(parentPaths(`read('${sibling}')`)).toEqual([{ path: sibling, line: 1 }]);
    expect(parentPaths(`resolve(process.cwd(), '${sibling}')`)).toEqual([{ path: sibling, line: 1 }]);
  });

  it('keeps its own copy of each Flowwise API text, saying where it comes from', () => {
    for (const file of ['spec/flowwise-create-order.openapi.yaml', 'spec/flowwise-order-status.openapi.yaml']) {
      expect(trackedFiles()).toContain(file);
      expect(textOf(file)!.split('\n', 1)[0]).toMatch(/^# Source: Flowwise Native API reference/);
    }
  });
});

describe('the README and the guides', () => {
  it("send readers to no other company's site for Flowwise", () => {
    // Other payment companies are named where docs/size-and-speed.md compares sizes, never linked as if they were Flowwise.
    const documents = trackedFiles().filter(
      (file) => file === 'README.md' || (/^docs\/.*\.md$/.test(file) && !file.startsWith('docs/reference/')),
    );
    expect(documents).toContain('docs/README.md');
    expect(documents).toContain('docs/size-and-speed.md');
    const linking = documents.filter((file) =>
      /\]\(https?:\/\/(www\.)?(cashfree|razorpay|stripe|paypal|adyen)\.com/i.test(readFileSync(resolve(root, file), 'utf8')),
    );
    expect(linking).toEqual([]);
  });
});
