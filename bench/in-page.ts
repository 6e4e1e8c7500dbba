/**
 * Bundles bench/in-page-entry.ts into one script for page.addScriptTag, and the script that puts the build's
 * glossary file into the page for it (before anything is timed).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { GLOSSARY_FILE } from '../glossary/glossary-file';
import { PROJECT_ROOT } from '../scripts/paths.ts';

/** A script that sets `__benchGlossaryFile` to the bytes of the built extension's glossary file. */
export function glossaryFileScript(extensionDir: string): string {
  const base64 = readFileSync(resolve(extensionDir, GLOSSARY_FILE)).toString('base64');
  return `(() => { const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)); globalThis.__benchGlossaryFile = bytes.buffer; })();`;
}

export async function bundleInPageScript({ minify = true } = {}): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    root: PROJECT_ROOT,
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
