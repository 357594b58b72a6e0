// What each route of a real app loads from the package. The app in scripts/size-app/ (a product page with
// the provider and the button, a return page with the provider and the status component, each loaded
// lazily) is built with Vite twice, with the built package and with a stub of it, and the JavaScript each
// route loads is compared. Beside it, each route's import is bundled alone the way .size-limit.js does.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { build, type Rollup } from 'vite';

const root = fileURLToPath(new URL('./size-app/', import.meta.url));
const packageEntry = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));
const stub = fileURLToPath(new URL('./size-app/stub.tsx', import.meta.url));
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

/** The package's dependencies, external when only the package's own code is counted. */
const dependencies = ['react', 'react-dom', '@tanstack/react-query', 'zod'];
const dependencyPattern = /^(react|react-dom|@tanstack\/react-query|zod)($|\/)/;

export const routes = {
  product: { page: 'ProductPage.tsx', imports: ['FlowwiseCheckoutButton', 'FlowwiseProvider'] },
  return: { page: 'ReturnPage.tsx', imports: ['FlowwiseOrderStatus', 'FlowwiseProvider'] },
} as const;
export type Route = keyof typeof routes;
const routeNames = Object.keys(routes) as Route[];

const gzip = (code: string) => gzipSync(code, { level: 9 }).length;

/** The package's code in `chunks`, as `module#export` (`core/checkout.mjs#checkout`) for each export rendered. */
function packageExports(chunks: Rollup.OutputChunk[]): Set<string> {
  const rendered = new Set<string>();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      if (id.startsWith(distDir)) for (const name of module.renderedExports) rendered.add(`${id.slice(distDir.length)}#${name}`);
    }
  }
  return rendered;
}

async function viteBuild(flowwise: string, options: { external?: boolean; input?: string } = {}): Promise<Rollup.OutputChunk[]> {
  const result = (await build({
    configFile: false,
    root,
    logLevel: 'silent',
    mode: 'production',
    plugins: [react()],
    resolve: { alias: [{ find: /^@flowwise\/react$/, replacement: flowwise }] },
    build: {
      write: false,
      rollupOptions: {
        external: options.external ? dependencyPattern : [],
        ...(options.input && { input: `${root}${options.input}`, preserveEntrySignatures: 'strict' }),
      },
    },
  })) as Rollup.RollupOutput;
  return result.output.filter((file) => file.type === 'chunk');
}

/** What one route loads in one build: its files (the entry, the route's chunk and what they import), in bytes. */
interface Loaded {
  bytes: number;
  files: string[];
  exports: Set<string>;
  code: string;
}

async function buildApp(flowwise: string, external = false): Promise<Record<Route, Loaded>> {
  const chunks = new Map((await viteBuild(flowwise, { external })).map((chunk) => [chunk.fileName, chunk]));
  const closure = (fileName: string, into: Set<string>) => {
    if (into.has(fileName)) return into;
    into.add(fileName);
    // An import of an external package (in the own-code builds) names no chunk.
    for (const imported of chunks.get(fileName)!.imports) if (chunks.has(imported)) closure(imported, into);
    return into;
  };
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry)!;
  const loaded = (page: string): Loaded => {
    const route = [...chunks.values()].find((chunk) => chunk.facadeModuleId?.endsWith(`/${page}`));
    if (!route) throw new Error(`The size app's build has no chunk of its own for ${page}: is it still imported lazily?`);
    const parts = [...closure(route.fileName, closure(entry.fileName, new Set()))].map((file) => chunks.get(file)!);
    return {
      bytes: parts.reduce((sum, chunk) => sum + gzip(chunk.code), 0),
      files: parts.map((chunk) => chunk.fileName),
      exports: packageExports(parts),
      code: parts.map((chunk) => chunk.code).join('\n'),
    };
  };
  return { product: loaded(routes.product.page), return: loaded(routes.return.page) };
}

/** `names` from the built package bundled alone as .size-limit.js bundles an import (minified, gzipped). */
async function alone(names: readonly string[], external: string[]): Promise<number> {
  return gzip((await bundleAlone(names, external)).outputFiles[0]!.text);
}

/** Each module of the package in `route`'s import bundled alone (its own code), by the minified bytes it adds, most first. */
export async function ownCodeByModule(route: Route): Promise<Array<[string, number]>> {
  const { metafile } = await bundleAlone(routes[route].imports, dependencies);
  return (
    Object.values(metafile.outputs)
      .flatMap((output) => Object.entries(output.inputs))
      // The metafile names inputs relative to the working directory.
      .map(([input, { bytesInOutput }]): [string, number] => [resolve(input), bytesInOutput])
      .filter(([input, bytes]) => input.startsWith(distDir) && bytes > 0)
      .map(([input, bytes]): [string, number] => [input.slice(distDir.length), bytes])
      .sort((a, b) => b[1] - a[1])
  );
}

function bundleAlone(names: readonly string[], external: string[]) {
  return esbuild({
    stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(packageEntry)};`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: external.flatMap((name) => [name, `${name}/*`]),
  });
}

export interface RouteSize {
  route: Route;
  /** Bytes (min+gzip, each file on its own) the route loads with the package, and with the stub. */
  withPackage: number;
  withStub: number;
  /** What the package adds to the route: its own code, and the parts of zod and TanStack Query it uses. */
  added: number;
  /** The route's import bundled alone, React external. */
  alone: number;
  /** What the package adds with React, TanStack Query and zod external: its own code. */
  ownAdded: number;
  /** The route's import bundled alone with those external (the own-code rows of .size-limit.js). */
  ownAlone: number;
  /** The other page's own code found on this route, as `module#export`: what only the other page's import renders. */
  foreign: string[];
  /** The files the route loads with the package. */
  files: string[];
}

export async function measureRouteSizes(): Promise<RouteSize[]> {
  const [app, baseline, own, ownBaseline] = [
    await buildApp(packageEntry),
    await buildApp(stub),
    await buildApp(packageEntry, true),
    await buildApp(stub, true),
  ];
  // Each page built on its own: the package's code that page needs, export by export.
  const needs = {} as Record<Route, Set<string>>;
  for (const route of routeNames) needs[route] = packageExports(await viteBuild(packageEntry, { input: routes[route].page }));
  const sizes: RouteSize[] = [];
  for (const route of routeNames) {
    const other = routeNames.find((name) => name !== route)!;
    const othersOwn = [...needs[other]].filter((name) => !needs[route].has(name));
    sizes.push({
      route,
      withPackage: app[route].bytes,
      withStub: baseline[route].bytes,
      added: app[route].bytes - baseline[route].bytes,
      alone: await alone(routes[route].imports, ['react', 'react-dom']),
      ownAdded: own[route].bytes - ownBaseline[route].bytes,
      ownAlone: await alone(routes[route].imports, dependencies),
      foreign: othersOwn.filter((name) => app[route].exports.has(name)),
      files: app[route].files,
    });
  }
  return sizes;
}

/** The markdown table of {@link measureRouteSizes}, as bench/results.md and `npm run size:app` print it. */
export function routeSizeTable(sizes: RouteSize[]): string {
  const bytes = (value: number) => `${value.toLocaleString('en-US')} B`;
  const rows = sizes.map(
    (size) =>
      `| ${size.route} (${routes[size.route].imports.join(' + ')}) | ${bytes(size.withPackage)} | ${bytes(size.withStub)} | ${bytes(size.added)} | ${bytes(size.alone)} | ${(size.added / size.alone).toFixed(3)} | ${bytes(size.ownAdded)} | ${bytes(size.ownAlone)} | ${size.foreign.length === 0 ? 'none' : size.foreign.join(', ')} |`,
  );
  return [
    '| route | with the package | with the stub | added | import alone | added ÷ alone | own code added | own code alone | the other page’s code on it |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
