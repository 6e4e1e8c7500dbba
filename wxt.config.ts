import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { precompileBundledPacks } from './glossary/bundled-matcher';
import { bundledPacks } from './glossary/index';
import { noInnerHtml } from './scripts/vite-plugin-no-inner-html';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports keep each module's dependencies visible to a reader.
  imports: false,
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
    plugins: [preact(), noInnerHtml()],
    // The glossary's tries, built once here so that pages load them instead of building them.
    define: { __PRECOMPILED_PACKS__: JSON.stringify(precompileBundledPacks(bundledPacks)) },
  }),
  manifest: ({ browser }) => ({
    name: 'Medical Jargon Explainer',
    description:
      'Finds medical words on any page and explains them in plain language. Works offline; nothing leaves your computer.',
    homepage_url: 'https://github.com/medical-jargon-explainer/extension',
    permissions: ['storage', 'contextMenus', 'activeTab'],
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
