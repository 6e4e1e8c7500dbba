/**
 * Starts Chromium or Firefox with the built extension installed, through puppeteer-core: Chromium over the DevTools
 * Protocol (pipe), Firefox over WebDriver BiDi. Used by `npm run demo` and the browser tests.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { ensureBrowser, type BrowserKind } from './browsers.ts';
import { CHROME_OUTPUT_DIR, FIREFOX_OUTPUT_DIR } from './paths.ts';

/** WXT's output folder for each browser. */
export const EXTENSION_DIRS: Record<BrowserKind, string> = {
  chromium: CHROME_OUTPUT_DIR,
  firefox: FIREFOX_OUTPUT_DIR,
};

/** Firefox gives each add-on a random moz-extension:// UUID per profile; we fix it so tests can open its pages. */
export const FIREFOX_EXTENSION_UUID = '6d1f2e4a-3b5c-4d7e-8f90-a1b2c3d4e5f6';

const DEAD_LOCAL_URL = 'http://127.0.0.1:9/';
const SPELLCHECK_DICTIONARY_HOST = 'redirector.gvt1.com';

/** Switches off Chromium's own traffic (updates, sync, field trials, safe browsing…) so only pages make requests. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  '--disable-sync',
  '--disable-quic',
  '--disable-domain-reliability',
  '--no-pings',
  '--no-default-browser-check',
  '--disable-features=NetworkTimeServiceQuerying,AutofillServerCommunication,CertificateTransparencyComponentUpdater,OptimizationGuideModelDownloading,OptimizationHintsFetching',
  // Chromium still asks Google for the signed-in accounts (ListAccounts) and for on-demand components even with
  // the switches above; point both at a closed local port (9, "discard") so nothing leaves the machine.
  `--gaia-url=${DEAD_LOCAL_URL}`,
  `--component-updater=url-source=${DEAD_LOCAL_URL}`,
  // The spell checker fetches its dictionary from this host the first time someone types, whatever the profile's
  // spell-check preference says (seen at random in about half the runs); the name never resolves here.
  `--host-resolver-rules=MAP ${SPELLCHECK_DICTIONARY_HOST} ~NOTFOUND`,
];

/** Switches off Firefox's own traffic: remote settings, telemetry, captive portal, updates, safe browsing, push… */
const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  // Mozilla's own test harnesses point remote settings at this dummy so it never fetches.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.shutdownPingSender.enabled': false,
  'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.updatePing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false,
  'datareporting.usage.uploadEnabled': false,
  'network.captive-portal-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.trr.mode': 5,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.provider.google.gethashURL': '',
  'browser.safebrowsing.provider.google4.gethashURL': '',
  'browser.safebrowsing.provider.mozilla.gethashURL': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.geoip.url': '',
  'geo.provider.network.url': '',
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.default.sites': '',
  'browser.topsites.contile.enabled': false,
  'browser.urlbar.quicksuggest.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.ml.enable': false,
  'browser.translations.enable': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'identity.fxaccounts.enabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-widevinecdm.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.getAddons.discovery.api_url': '',
  'extensions.update.autoUpdateDefault': false,
  'extensions.webextensions.uuids': JSON.stringify({
    'medical-jargon-explainer@example.org': FIREFOX_EXTENSION_UUID,
  }),
  // Show manifest.json and other JSON as plain text (the JSON viewer is an extra UI we do not need).
  'devtools.jsonview.enabled': false,
};

function proxyPrefs(port: number): Record<string, string | number | boolean> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': port,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    // Loopback stays direct (the default): only traffic leaving 127.0.0.1 goes to the proxy.
    'network.proxy.allow_hijacking_localhost': false,
  };
}

export interface LaunchOptions {
  headless: boolean;
  /** Install the built extension (default true); false gives a plain browser for baselines. */
  withExtension?: boolean;
  /**
   * Send all traffic that is not for 127.0.0.1 to an HTTP proxy on this local port (the tests' request sink),
   * so nothing can leave the machine and every attempt is seen.
   */
  outboundProxyPort?: number;
  /** The colour scheme pages see (prefers-color-scheme); the system's when unset. */
  colorScheme?: 'light' | 'dark';
  /** More command-line switches (e.g. Chromium's --log-net-log=… when chasing a request). */
  extraArgs?: readonly string[];
  /** Chromium only: initial window size. */
  windowSize?: { width: number; height: number };
  /** Runs once the browser is up, before the extension is installed (e.g. to start recording requests). */
  onLaunched?: (browser: Browser) => Promise<void> | void;
}

export interface LaunchedBrowser {
  kind: BrowserKind;
  browser: Browser;
  /** Chromium: the generated id; Firefox: the add-on id from the manifest. Undefined without the extension. */
  extensionId: string | undefined;
  /** Base URL of the extension's own pages (chrome-extension://id/ or moz-extension://uuid/). */
  extensionOrigin: string | undefined;
  close(): Promise<void>;
}

function assertBuilt(kind: BrowserKind): string {
  const dir = EXTENSION_DIRS[kind];
  if (!existsSync(resolve(dir, 'manifest.json'))) {
    const command = dir.endsWith('-e2e')
      ? 'npm run build:e2e'
      : kind === 'chromium'
        ? 'npx wxt build'
        : 'npx wxt build -b firefox';
    throw new Error(`No built extension in ${dir}. Build it first: ${command}`);
  }
  return dir;
}

/** The manifest of the built extension for this browser. */
export function builtManifest(kind: BrowserKind): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(assertBuilt(kind), 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A fresh temporary profile, with spell checking off (Chromium would otherwise fetch a dictionary). */
function makeChromiumProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'medical-jargon-chromium-'));
  mkdirSync(join(dir, 'Default'));
  const preferences = {
    browser: { enable_spellchecking: false },
    spellcheck: { dictionaries: [], use_spelling_service: false },
  };
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(preferences));
  return dir;
}

async function launchChromium(options: LaunchOptions): Promise<LaunchedBrowser> {
  const withExtension = options.withExtension ?? true;
  const extensionDir = withExtension ? assertBuilt('chromium') : undefined;
  const args = [...CHROMIUM_ARGS];
  if (options.outboundProxyPort !== undefined) {
    // Chromium never proxies loopback by default, so 127.0.0.1 stays direct.
    args.push(`--proxy-server=http://127.0.0.1:${options.outboundProxyPort}`);
    // Direct, so that the resolver rule above stops it inside Chromium.
    args.push(`--proxy-bypass-list=${SPELLCHECK_DICTIONARY_HOST}`);
  }
  if (options.colorScheme) {
    args.push(`--blink-settings=preferredColorScheme=${options.colorScheme === 'dark' ? 0 : 1}`);
  }
  if (options.extraArgs) args.push(...options.extraArgs);
  if (options.windowSize) {
    args.push(`--window-size=${options.windowSize.width},${options.windowSize.height}`);
  }
  const userDataDir = makeChromiumProfile();
  const removeProfile = () => {
    try {
      rmSync(userDataDir, { recursive: true, force: true });
    } catch {
      // Chromium may still be writing while it exits; a leftover temp folder is harmless.
    }
  };
  const browser = await puppeteer
    .launch({
      userDataDir,
      executablePath: ensureBrowser('chromium'),
      browser: 'chrome',
      pipe: true,
      enableExtensions: withExtension,
      headless: options.headless,
      defaultViewport: options.headless ? { width: 1280, height: 900 } : null,
      args,
    })
    .catch((error: unknown) => {
      removeProfile();
      throw error;
    });
  const close = async () => {
    await browser.close().catch(() => undefined);
    removeProfile();
  };
  try {
    await options.onLaunched?.(browser);
    const extensionId = extensionDir ? await browser.installExtension(extensionDir) : undefined;
    return {
      kind: 'chromium',
      browser,
      extensionId,
      extensionOrigin: extensionId ? `chrome-extension://${extensionId}/` : undefined,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function launchFirefox(options: LaunchOptions): Promise<LaunchedBrowser> {
  const withExtension = options.withExtension ?? true;
  const extensionDir = withExtension ? assertBuilt('firefox') : undefined;
  const browser = await puppeteer.launch({
    executablePath: ensureBrowser('firefox'),
    browser: 'firefox',
    headless: options.headless,
    // Lets WebDriver BiDi open the add-on's own moz-extension:// pages (popup, options) in tests. BiDi listens on
    // 127.0.0.1 only.
    args: ['--remote-allow-system-access', ...(options.extraArgs ?? [])],
    // Release builds ignore the services.settings.server pref unless this is set, and would fetch remote
    // settings from Mozilla at start-up.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    defaultViewport: options.headless ? { width: 1280, height: 900 } : null,
    extraPrefsFirefox: {
      ...FIREFOX_PREFS,
      ...(options.outboundProxyPort === undefined ? {} : proxyPrefs(options.outboundProxyPort)),
      // Firefox over BiDi cannot emulate prefers-color-scheme per page; this pref sets it for all content.
      ...(options.colorScheme
        ? {
            'layout.css.prefers-color-scheme.content-override':
              options.colorScheme === 'dark' ? 0 : 1,
          }
        : {}),
    },
  });
  try {
    await options.onLaunched?.(browser);
    // WebDriver BiDi's webExtension.install: Firefox loads the folder as a temporary (unsigned) add-on.
    const extensionId = extensionDir ? await browser.installExtension(extensionDir) : undefined;
    return {
      kind: 'firefox',
      browser,
      extensionId,
      extensionOrigin: extensionId ? `moz-extension://${FIREFOX_EXTENSION_UUID}/` : undefined,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Launches the browser of this kind (installing it first where allowed, see browsers.ts). */
export function launchBrowser(kind: BrowserKind, options: LaunchOptions): Promise<LaunchedBrowser> {
  return kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
}
