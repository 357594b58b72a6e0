import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every bare import reachable from `entry`, following the package's own modules. */
async function packageImports(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((item) => item.external).map((item) => item.path),
  );
  return [...new Set(imports)].sort();
}

describe('entry points', () => {
  it('the main entry never imports msw', async () => {
    const imports = await packageImports('src/index.ts');

    expect(imports).toContain('@tanstack/react-query');
    expect(imports.filter((name) => /^msw($|\/)/.test(name))).toEqual([]);
  });

  it('the testing entry imports msw only through its environment-neutral root', async () => {
    const imports = await packageImports('src/testing/index.ts');

    expect(imports.filter((name) => /^msw($|\/)/.test(name))).toEqual(['msw']);
  });
});
