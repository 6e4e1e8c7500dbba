import preact from '@preact/preset-vite';
import type { Alias, InlineConfig } from 'vite';
import { defineConfig } from 'wxt';
import {
  appendToLastPack,
  benchGlossaryEntries,
  benchOutDir,
  fillerEntries,
  GLOSSARY_FILE,
  packsWith,
  writeGlossaryFile,
} from './scripts/glossary-build';
import { noInnerHtml } from './scripts/vite-plugin-no-inner-html';

/** Drops the `wxt/browser` → webextension-polyfill alias of the @wxt-dev/webextension-polyfill module. */
function withoutPolyfill(config: InlineConfig): void {
  const alias = config.resolve?.alias;
  if (Array.isArray(alias)) {
    config.resolve = {
      ...config.resolve,
      alias: alias.filter((entry: Alias) => entry.find !== 'wxt/browser'),
    };
  } else if (alias && typeof alias === 'object') {
    const rest: Record<string, string> = { ...(alias as Record<string, string>) };
    delete rest['wxt/browser'];
    config.resolve = { ...config.resolve, alias: rest };
  }
}

// A benchmark build (MJE_BENCH_GLOSSARY_ENTRIES) fills the glossary up with synthetic entries, in its own folder.
const benchEntries = benchGlossaryEntries();
const filler = benchEntries === null ? [] : fillerEntries(benchEntries);
const outDir = benchEntries === null ? '.output' : benchOutDir(benchEntries);

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports keep each module's dependencies visible to a reader.
  imports: false,
  outDir,
  zip: {
    // The sources zip Firefox's reviewers build from: code, data and configuration, no generated images.
    excludeSources: [
      'test-artifacts/**',
      'demo-screenshots/**',
      'docs/screenshots/**',
      'bench/results.json',
      'bench/reliability-results.json',
      '**/*.log',
    ],
  },
  vite: () => ({
    plugins: [preact(), noInnerHtml(), appendToLastPack(filler)],
  }),
  hooks: {
    // The content script runs on every page: it uses the browsers' own promise-based APIs (Chromium's MV3 `chrome`,
    // Firefox's `browser`), not webextension-polyfill, which the rest of the extension keeps.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((entrypoint) => entrypoint.type === 'content-script'))
        withoutPolyfill(config);
    },
    // The glossary's tries, compiled once here into one file that pages read as it is (see glossary-state.ts).
    'prepare:publicPaths': (_, paths) => {
      paths.push(GLOSSARY_FILE);
    },
    'build:publicAssets': (_, files) => {
      files.push({
        absoluteSrc: writeGlossaryFile(packsWith(filler), outDir),
        relativeDest: GLOSSARY_FILE,
      });
    },
  },
  manifest: ({ browser }) => ({
    name: 'Medical Jargon Explainer',
    description:
      'Finds medical words on any page and explains them in plain language. Works offline; nothing leaves your computer.',
    homepage_url: 'https://github.com/medical-jargon-explainer/extension',
    permissions: ['storage', 'contextMenus', 'activeTab'],
    // Chromium lets a content script read its extension's files only when they are web-accessible: these are, but
    // only through the session's random extension id (use_dynamic_url), which pages never learn. Firefox lets
    // content scripts read them as they are, so nothing is exposed there.
    ...(browser === 'firefox'
      ? {}
      : {
          web_accessible_resources: [
            {
              resources: [GLOSSARY_FILE],
              matches: ['<all_urls>'],
              use_dynamic_url: true,
            },
          ],
        }),
    commands: {
      'next-term': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: 'Go to the next explained word on the page',
      },
      'previous-term': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Go to the previous explained word on the page',
      },
      'explain-selection': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: 'Explain the selected words',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'medical-jargon-explainer@example.org',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from version 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
