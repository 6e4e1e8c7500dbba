/** Bundles bench/in-page-entry.ts into one script (with the build's precompiled tries) for page.addScriptTag. */
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { precompileBundledPacks } from '../glossary/bundled-matcher';
import { bundledPacks } from '../glossary/index';
import { PROJECT_ROOT } from '../scripts/paths.ts';

export async function bundleInPageScript({ minify = true } = {}): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    root: PROJECT_ROOT,
    // Exactly what wxt.config.ts gives the content script.
    define: { __PRECOMPILED_PACKS__: JSON.stringify(precompileBundledPacks(bundledPacks)) },
    build: {
      write: false,
      minify,
      lib: {
        entry: resolve(PROJECT_ROOT, 'bench/in-page-entry.ts'),
        formats: ['iife'],
        name: 'benchOurs',
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const outputs = Array.isArray(output) ? output : [output];
  const chunk = outputs.flatMap((out) => out.output).find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('The in-page bundle produced no script.');
  return chunk.code;
}
