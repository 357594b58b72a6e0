// Runs `npm run build` when dist/ is missing or older than what it is built from, so that a test can read the
// package as it ships (dist/*.d.mts) without every run paying for a build.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const sources = ['src', 'sandbox', 'package.json', 'vite.build.config.ts', 'vite.config.ts', 'tsconfig.build.json'];
const outputs = ['dist/index.d.mts', 'dist/server/index.d.mts', 'dist/testing/index.d.mts', 'dist/sandbox/index.d.mts'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Whether dist/ lacks an entry's declarations or any of them is older than a source file. */
export function isStale(root: string): boolean {
  if (outputs.some((file) => !existsSync(join(root, file)))) return true;
  const built = Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));
  return sources.some((source) => existsSync(join(root, source)) && newestChange(join(root, source)) > built);
}

/** Builds the package into dist/ if it is stale; returns whether it built. */
export async function buildIfStale(root: string): Promise<boolean> {
  if (!isStale(root)) return false;
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return true;
}
