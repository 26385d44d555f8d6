/**
 * Module loader hooks for `rondo run` (registered with `module.register`, they run on Node's
 * loader thread): `import … from 'rondo'` resolves to the rondo that runs the CLI, TypeScript
 * files are transpiled on the fly (ESM, inline source maps), and a job's relative imports may
 * name `./util.js` for `./util.ts` or leave the extension out, as NodeNext and bundlers allow.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** What `register` passes: the URL of rondo's entry module. */
export interface JobLoaderData {
  readonly rondoUrl: string;
}

interface ResolveContext { readonly parentURL?: string; readonly conditions?: readonly string[] }
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadContext { readonly format?: string | null; readonly conditions?: readonly string[] }
interface LoadResult { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let rondoUrl = '';

/** Receives the data given to `register`. */
export function initialize(data: JobLoaderData): void {
  rondoUrl = data.rondoUrl;
}

const TS_EXT = /\.(ts|mts|tsx)$/;

function isPathLike(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

/** Other spellings to try when a relative import does not exist as written. */
function alternatives(specifier: string): string[] {
  if (specifier.endsWith('.js')) return [`${specifier.slice(0, -3)}.ts`, `${specifier.slice(0, -3)}.tsx`];
  if (specifier.endsWith('.mjs')) return [`${specifier.slice(0, -4)}.mts`];
  if (/\.[a-z]+$/i.test(specifier.split('/').pop() ?? '')) return [];
  return ['.ts', '.js', '/index.ts', '/index.js'].map((e) => specifier + e);
}

/** Maps `rondo` to the running rondo; retries missing relative imports with their TypeScript spelling. */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  if (specifier === 'rondo' && rondoUrl !== '') return { url: rondoUrl, format: 'module', shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !isPathLike(specifier)) throw e;
    for (const alt of alternatives(specifier)) {
      try {
        return await next(alt, context);
      } catch {
        // try the next spelling
      }
    }
    throw e;
  }
}

let tsModule: typeof import('ts-morph').ts | undefined;

/** The TypeScript compiler ts-morph carries, loaded on first use. */
async function typescript(): Promise<typeof import('ts-morph').ts> {
  tsModule ??= (await import('ts-morph')).ts;
  return tsModule;
}

/**
 * Transpiles a TypeScript file to an ES module with an inline source map (no type check). A
 * syntax error is a SyntaxError saying where (file:line:column) with the line and a caret:
 * without this check `transpileModule` "repairs" the file (a missing `)` is supplied) and a
 * job that does not parse would run.
 */
export async function transpile(source: string, fileName: string): Promise<string> {
  const ts = await typescript();
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.React,
      esModuleInterop: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new SyntaxError(syntaxErrorText(ts, errors, source, fileName));
  return out.outputText;
}

/** `file:line:column: message (TSnnnn)`, the line and a caret under the column, for each of the first errors. */
function syntaxErrorText(ts: typeof import('ts-morph').ts, errors: readonly import('ts-morph').ts.Diagnostic[], source: string, fileName: string): string {
  const lines = source.split(/\r?\n/);
  const shown = errors.slice(0, 3).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.start === undefined) return `${fileName}: ${message} (TS${d.code})`;
    const before = source.slice(0, d.start);
    const line = before.split('\n').length - 1;
    const character = d.start - (before.lastIndexOf('\n') + 1);
    const text = (lines[line] ?? '').replace(/\t/g, ' ');
    const gutter = String(line + 1);
    return `${fileName}:${line + 1}:${character + 1}: ${message} (TS${d.code})\n  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(character)}^`;
  });
  const more = errors.length > shown.length ? `\n(and ${errors.length - shown.length} more)` : '';
  return `${shown.join('\n')}${more}`;
}

/** Transpiles TypeScript; loads a user's `.js` file with import/export syntax as ESM even outside a `"type": "module"` package. */
export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (url.startsWith('file:') && TS_EXT.test(new URL(url).pathname) && !url.includes('/node_modules/')) {
    const file = fileURLToPath(url);
    const source = await readFile(file, 'utf8');
    return { format: 'module', source: await transpile(source, file), shortCircuit: true };
  }
  const r = await next(url, context);
  if (r.format === 'commonjs' && url.startsWith('file:') && !url.includes('/node_modules/')) {
    const source = r.source != null ? Buffer.from(r.source as Uint8Array).toString('utf8') : await readFile(fileURLToPath(url), 'utf8');
    if (/^\s*(import\s[^(]|export\s)/m.test(source)) return { format: 'module', source, shortCircuit: true };
  }
  return r;
}
