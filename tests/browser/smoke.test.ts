/**
 * Smoke test in both browsers: the built extension loads, demo pages open with their DOM unchanged apart from our
 * one host element, and no request leaves 127.0.0.1. Also checks the harness itself (request recording, reading
 * CSS highlights) so later tests can trust it.
 */
import { HANG_GUARD_MS } from './extension-state.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  domSnapshot,
  expectedManifest,
  launchTestBrowser,
  readHighlights,
  saveScreenshot,
  SEED_PAGE_PATH,
  settled,
  SHARED_DIR,
  sharedAvailable,
  startServer,
  TEST_BROWSERS,
  type TestBrowser,
} from './harness.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

const hasShared = sharedAvailable();
if (!hasShared) console.warn(`Skipping the source-document page checks: ${SHARED_DIR} is absent.`);

const PAGES = [
  {
    name: 'clinic-letter',
    path: '/clinic-letter.html',
    mustContain: 'Northbrook Teaching Hospital',
  },
  { name: 'forum-thread', path: '/forum-thread.html', mustContain: 'dave_k62' },
];

describe.each(TEST_BROWSERS)('%s', (kind) => {
  let server: Server;
  let withExtension: TestBrowser;
  let plain: TestBrowser;

  beforeAll(async () => {
    server = await startServer();
    [withExtension, plain] = await Promise.all([
      launchTestBrowser(kind),
      launchTestBrowser(kind, { withExtension: false }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withExtension?.close(), plain?.close()]);
    await server?.close();
  });

  it('loads the built extension', async () => {
    expect(withExtension.extensionId).toBeTruthy();
    if (kind === 'chromium') {
      const worker = await withExtension.browser.waitForTarget(
        (target) =>
          target.type() === 'service_worker' &&
          target.url().startsWith(withExtension.extensionOrigin ?? '-'),
        { timeout: HANG_GUARD_MS },
      );
      expect(worker.url()).toMatch(/background\.js$/);
    }
    const page = await withExtension.openExtensionPage('manifest.json');
    const served = JSON.parse(await page.evaluate(() => document.body.textContent ?? '')) as Record<
      string,
      unknown
    >;
    const built = expectedManifest(kind);
    expect(served.name).toBe(built.name);
    expect(served.version).toBe(built.version);
    await page.close();
  });

  async function expectDomUnchanged(path: string, mustContain: string, screenshot?: string) {
    const url = new URL(path, server.url).href;
    const [extended, baseline] = await Promise.all([withExtension.newPage(), plain.newPage()]);
    await Promise.all([extended.goto(url), baseline.goto(url)]);
    await settled(extended);
    const [after, before] = await Promise.all([domSnapshot(extended), domSnapshot(baseline)]);
    expect(before.hostCount).toBe(0);
    expect(after.hostCount).toBeLessThanOrEqual(1);
    expect(after.html).toContain(mustContain);
    expect(after.html).toBe(before.html);
    if (screenshot) await saveScreenshot(extended, kind, screenshot);
    await Promise.all([extended.close(), baseline.close()]);
  }

  it.each(PAGES)('opens $name with its DOM unchanged', async ({ name, path, mustContain }) => {
    await expectDomUnchanged(path, mustContain, `smoke-${name}`);
  });

  it.skipIf(!hasShared)(`opens the source document page (needs ${SHARED_DIR})`, async () => {
    await expectDomUnchanged(SEED_PAGE_PATH, 'metastases');
  });

  it('sent no request beyond 127.0.0.1 with the extension', () => {
    const urls = withExtension.requests.map((request) => request.url);
    // The recorder saw the pages load, so an empty list below means something.
    expect(urls).toContain(new URL('/clinic-letter.html', server.url).href);
    expect(withExtension.externalRequests()).toEqual([]);
  });

  it('harness: records requests that would leave the machine', async () => {
    const page = await plain.newPage();
    await page.goto(new URL('/index.html', server.url).href);
    await page.evaluate(async () => {
      // 203.0.113.0/24 is a documentation range; the proxy sink answers before anything is sent.
      await fetch('http://203.0.113.7/probe').catch(() => undefined);
      await fetch('https://example.org/probe').catch(() => undefined);
    });
    const external = plain.externalRequests();
    const seen = (url: string, by: string) =>
      external.some((request) => request.url === url && request.seenBy.startsWith(by));
    expect(seen('http://203.0.113.7/probe', 'proxy sink')).toBe(true);
    expect(seen('https://example.org:443/', 'proxy sink')).toBe(true);
    expect(seen('http://203.0.113.7/probe', kind === 'chromium' ? 'cdp page' : 'bidi page')).toBe(
      true,
    );
    expect(seen('https://example.org/probe', kind === 'chromium' ? 'cdp page' : 'bidi page')).toBe(
      true,
    );
    await page.close();
  });

  // Runs after the "no request" check above: it makes the extension's own contexts request an outside address.
  it("harness: records requests from the extension's own pages and service worker", async () => {
    const protocol = kind === 'chromium' ? 'cdp' : 'bidi';
    const page = await withExtension.openExtensionPage('options.html');
    await page.evaluate(() => fetch('http://203.0.113.7/extension-page').catch(() => undefined));
    if (kind === 'chromium') {
      const target = await withExtension.browser.waitForTarget(
        (candidate) =>
          candidate.type() === 'service_worker' &&
          candidate.url().startsWith(withExtension.extensionOrigin ?? '-'),
      );
      const worker = await target.worker();
      await worker?.evaluate(() => fetch('http://203.0.113.7/worker').catch(() => undefined));
    }
    const external = withExtension.externalRequests();
    const seen = (url: string, by: string) =>
      external.some((request) => request.url === url && request.seenBy.startsWith(by));
    expect(seen('http://203.0.113.7/extension-page', 'proxy sink')).toBe(true);
    expect(seen('http://203.0.113.7/extension-page', protocol)).toBe(true);
    if (kind === 'chromium') {
      expect(seen('http://203.0.113.7/worker', 'proxy sink')).toBe(true);
      expect(seen('http://203.0.113.7/worker', 'cdp service_worker')).toBe(true);
    }
    await page.close();
  });

  it('harness: reads CSS highlights by name prefix, as range texts', async () => {
    const page = await plain.newPage();
    await page.goto(new URL('/fixtures/own-highlight.html', server.url).href);
    expect(await readHighlights(page)).toEqual({
      'medical-jargon-fixture': ['ascites', 'bile duct'],
    });
    expect(await readHighlights(page, 'someone')).toEqual({ 'someone-else': ['stent'] });
    await page.close();
  });
});
