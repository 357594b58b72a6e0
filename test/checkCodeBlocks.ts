// Type-checks the ```ts and ```tsx blocks of markdown documents, as files of a user's project that has the package
// installed: `@flowwise/react` and its subpaths resolve through package.json "exports" to the built dist/*.d.mts
// (the package's own name resolves from inside it, as an installed copy's does from node_modules).
//
// The conventions (CONTRIBUTING.md, "Docs"): ```tsx title="app/routes/checkout.tsx" names a block's file, and the
// blocks of one document form one project, so a block imports another by relative path; a block with no title is
// block-N.ts(x) of its own; ```tsx fragment marks a block that is not a whole module, and it is not checked.
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Document {
  /** The document's path relative to the root, e.g. `docs/nextjs.md`, as errors name it. */
  path: string;
  text: string;
}

export interface CodeBlock {
  language: 'ts' | 'tsx';
  /** The `title` attribute, or block-N.ts(x) (N counts the document's ts and tsx blocks from 1). */
  file: string;
  titled: boolean;
  fragment: boolean;
  /** The markdown line (from 1) of the block's first line of code. */
  line: number;
  code: string;
}

export interface CheckResult {
  /** Every ts and tsx block, fragments included. */
  blocks: Array<{ document: string; line: number }>;
  fragments: Array<{ document: string; line: number }>;
  /** Each problem as `document:line: message`, the line being the markdown line it is on. */
  errors: string[];
}

const checked = new Set(['ts', 'tsx']);

/** The ts and tsx blocks of a markdown text, fenced with ``` or ~~~ (indented fences too, as in a list item). */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let count = 0;
  for (let index = 0; index < lines.length; index++) {
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[index]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    // A backtick fence's info string has no backtick: ```` ```ts ```` starting a line is inline code.
    if (fence.startsWith('`') && info.includes('`')) continue;
    let end = index + 1;
    while (end < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[end]!)) end++;
    const [language = ''] = info.trim().split(/\s+/);
    if (checked.has(language)) {
      count++;
      const title = /\btitle="([^"]+)"/.exec(info)?.[1];
      const body = lines.slice(index + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
      blocks.push({
        language: language as 'ts' | 'tsx',
        file: title ?? `block-${count}.${language}`,
        titled: title !== undefined,
        fragment: info
          .replace(/\btitle="[^"]*"/, '')
          .split(/\s+/)
          .includes('fragment'),
        line: index + 2,
        code: body.join('\n'),
      });
    }
    index = end;
  }
  return blocks;
}

/** The compiler options of a user's app: a Vite or Next.js project's (bundler resolution, React JSX, strict). */
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  types: ['node'],
};

/** The libraries' parsed declaration files, shared by every check in a process (they do not change during a run). */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks the blocks of `documents` in one program. Each document's blocks are files under
 * `<root>/.code-blocks/<document>/`, which exist only in memory: modules resolve from `root` (its node_modules, and the
 * package's own name through its package.json), and relative imports reach only the same document's blocks.
 */
export function checkCodeBlocks(root: string, documents: Document[]): CheckResult {
  const files = new Map<string, { document: string; block: CodeBlock }>();
  const fragments: CheckResult['fragments'] = [];
  const errors: string[] = [];
  const blocks: CheckResult['blocks'] = [];
  for (const document of documents) {
    const project = join(root, '.code-blocks', document.path);
    const seen = new Set<string>();
    for (const block of codeBlocks(document.text)) {
      blocks.push({ document: document.path, line: block.line });
      if (block.fragment) {
        fragments.push({ document: document.path, line: block.line });
        continue;
      }
      const file = resolve(project, block.file);
      if (relative(project, file).startsWith('..'))
        errors.push(`${document.path}:${block.line - 1}: title "${block.file}" leaves the document's project`);
      else if (seen.has(file)) errors.push(`${document.path}:${block.line - 1}: a second block titled "${block.file}"`);
      else files.set(file, { document: document.path, block });
      seen.add(file);
    }
  }

  const virtualDirectories = new Set<string>();
  for (const file of files.keys()) for (let dir = dirname(file); dir.length > root.length; dir = dirname(dir)) virtualDirectories.add(dir);

  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    getSourceFile: (fileName, version, onError) => {
      const entry = files.get(fileName);
      if (entry) return ts.createSourceFile(fileName, entry.block.code, version, true);
      if (!libraryFiles.has(fileName)) libraryFiles.set(fileName, base.getSourceFile(fileName, version, onError));
      return libraryFiles.get(fileName);
    },
    fileExists: (fileName) => files.has(fileName) || base.fileExists(fileName),
    readFile: (fileName) => files.get(fileName)?.block.code ?? base.readFile(fileName),
    directoryExists: (dir) => virtualDirectories.has(dir) || ts.sys.directoryExists(dir),
  };

  // A block imports what a user's file can: a package, or another block. A relative path up into the repository's
  // src/ would pass here and fail in every reader's app.
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, sourceFile) =>
    literals.map((literal) => {
      const resolution = ts.resolveModuleName(
        literal.text,
        containingFile,
        compilerOptions,
        host,
        cache,
        redirected,
        sourceFile.impliedNodeFormat,
      );
      const entry = files.get(containingFile);
      const target = resolution.resolvedModule?.resolvedFileName;
      if (
        entry &&
        target &&
        !files.has(target) &&
        !target.split(sep).includes('node_modules') &&
        !target.startsWith(join(root, 'dist') + sep)
      ) {
        const line = entry.block.line + sourceFile.getLineAndCharacterOfPosition(literal.getStart()).line;
        errors.push(
          `${entry.document}:${line}: ${entry.block.file} imports "${literal.text}", a path in the repository: import the package instead`,
        );
      }
      return resolution;
    });

  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const entry = diagnostic.file && files.get(diagnostic.file.fileName);
    if (entry && diagnostic.start !== undefined) {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
      errors.push(`${entry.document}:${entry.block.line + line}: ${entry.block.file}: ${message}`);
    } else errors.push(`${diagnostic.file ? relative(root, diagnostic.file.fileName) : 'compiler options'}: ${message}`);
  }
  return { blocks, fragments, errors };
}
