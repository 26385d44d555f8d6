/**
 * Loads ts-morph lazily, once per process, on the driver only: executors rebuild functions
 * from their source and never load the TypeScript compiler. The analysis API is synchronous
 * (a transformation is checked when it is defined), so the package is required through
 * `createRequire` (ts-morph is CommonJS) rather than awaited through `import()`;
 * `preloadTsMorph()` offers the asynchronous route for callers that want to warm it up.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

let mod: typeof TsMorph | null = null;
let project: TsMorph.Project | null = null;

/** The ts-morph module, loaded on first use. */
export function tsMorph(): typeof TsMorph {
  if (mod === null) mod = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;
  return mod;
}

/** One in-memory project per process, holding the source files being analyzed. */
export function lambdaProject(): TsMorph.Project {
  if (project === null) {
    const m = tsMorph();
    project = new m.Project({
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowJs: true, target: m.ts.ScriptTarget.ES2022 },
    });
  }
  return project;
}

/** Loads ts-morph with a dynamic import ahead of the first analysis (optional). */
export async function preloadTsMorph(): Promise<void> {
  if (mod === null) {
    const m = (await import('ts-morph')) as unknown as typeof TsMorph & { default?: typeof TsMorph };
    mod = m.Project ? m : (m.default ?? m);
  }
}
