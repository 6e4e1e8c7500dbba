/**
 * Reliability, messages, in Chromium and Firefox: what a web page can send (extension messaging, if its browser
 * offers it to pages at all; window messages and DOM events shaped like ours) and what another installed extension
 * sends to ours are ignored: no card opens, the marks and the toolbar badge stay as they were. Malformed messages
 * from our own contexts (an extension page, as the popup or background would send them) get an InvalidMessageError
 * back and change nothing, and valid messages work afterwards. The DOM equals the page's without the extension and
 * nothing leaves 127.0.0.1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { corePack } from '../../glossary/index.ts';
import type { PageTermsReport } from '../../utils/messages.ts';
import { pageShowsText, sendToTab, waitUntil } from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  expectNoExternalRequests,
  expectSameDom,
  FILLER,
  highlightTexts,
  htmlPage,
  openProbed,
  readProbe,
  useSuite,
  waitForSettled,
  type Suite,
} from './reliability-helpers.ts';

const JAUNDICE =
  corePack.entries.find((entry) => entry.id === 'jaundice')?.short.slice(0, 40) ?? '?';
const MARKED = ['ascites', 'jaundice'];

const PAGE = htmlPage('Sends messages', `<p id="a">${FILLER} jaundice and ascites.</p>`);

/** What a hostile page tries: every channel it has towards an extension. */
const PAGE_ATTEMPTS = (extensionId: string) => `(async () => {
  const results = [];
  const message = (type, data) => ({ id: 1, type, data, timestamp: Date.now() });
  const forged = [
    message('revealTerm', { entryId: 'jaundice' }),
    message('runCommand', { command: 'next-term' }),
    message('pageTermsChanged', { distinctTerms: 999 }),
    message('explainText', { text: 'jaundice' }),
  ];
  const runtime = globalThis.chrome?.runtime ?? globalThis.browser?.runtime;
  if (runtime?.sendMessage) {
    for (const m of forged) {
      try { await runtime.sendMessage(${JSON.stringify(extensionId)}, m); results.push('sent'); }
      catch (e) { results.push('refused'); }
    }
  } else results.push('no runtime');
  for (const m of forged) {
    window.postMessage(m, '*');
    document.dispatchEvent(new CustomEvent(m.type, { detail: m }));
  }
  return results;
})()`;

/** A second extension (written to a temp folder at run time) that messages ours and posts what happened. */
function otherExtension(kind: string, targetId: string, reportUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-other-extension-'));
  const script = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const results = [];
  const message = (type, data) => ({ id: 7, type, data, timestamp: Date.now() });
  for (const m of [
    message('pageTermsChanged', { distinctTerms: 999 }),
    message('getPageTerms'),
    message('explainText', { text: 'jaundice' }),
  ]) {
    try {
      const reply = await api.runtime.sendMessage(${JSON.stringify(targetId)}, m);
      results.push({ type: m.type, reply: reply === undefined ? 'undefined' : reply });
    } catch (error) {
      results.push({ type: m.type, error: String(error && error.message || error) });
    }
  }
  await fetch(${JSON.stringify(reportUrl)}, { method: 'POST', body: JSON.stringify(results) });
})();`;
  writeFileSync(join(dir, 'background.js'), script);
  const manifest =
    kind === 'chromium'
      ? {
          manifest_version: 3,
          name: 'Another extension',
          version: '1.0',
          background: { service_worker: 'background.js' },
          host_permissions: ['http://127.0.0.1/*'],
        }
      : {
          manifest_version: 2,
          name: 'Another extension',
          version: '1.0',
          background: { scripts: ['background.js'] },
          permissions: ['http://127.0.0.1/*'],
          browser_specific_settings: { gecko: { id: 'another-extension@example.org' } },
        };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => server.route('/messages.html', PAGE));
  const tempDirs: string[] = [];
  afterAll(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  async function pair(): Promise<{ page: Page; baseline: Page }> {
    const url = suite.server.href('/messages.html');
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    await waitForSettled(page, { min: MARKED.length });
    return { page, baseline };
  }

  /** The toolbar badge of the page's tab, read from one of our extension pages. */
  async function badge(page: Page): Promise<string> {
    const options = await suite.tb.openExtensionPage('options.html');
    await page.bringToFront();
    const text = await options.evaluate(async () => {
      interface Api {
        tabs: { query(q: object): Promise<{ id?: number }[]> };
        action?: { getBadgeText(d: object): Promise<string> };
        browserAction?: { getBadgeText(d: object): Promise<string> };
      }
      const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
      const api = (scope.browser ?? scope.chrome) as Api;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      return (api.action ?? api.browserAction)!.getBadgeText({ tabId: tab?.id });
    });
    await options.close();
    return text;
  }

  async function expectUntouched(page: Page): Promise<void> {
    expect((await highlightTexts(page)).sort()).toEqual(MARKED);
    expect(await pageShowsText(page, JAUNDICE)).toBe(false);
  }

  async function finish(p: { page: Page; baseline: Page }): Promise<void> {
    await expectSameDom(p.page, p.baseline);
    expect((await readProbe(p.page)).errors).toEqual([]);
    await Promise.all([p.page.close(), p.baseline.close()]);
    expectNoExternalRequests(suite);
  }

  it('messages from the web page are ignored', async () => {
    const p = await pair();
    await waitUntil(async () => (await badge(p.page)) === String(MARKED.length), {
      what: 'the badge',
    });
    const attempts = (await p.page.evaluate(PAGE_ATTEMPTS(suite.tb.extensionId ?? ''))) as string[];
    await p.baseline.evaluate(PAGE_ATTEMPTS(suite.tb.extensionId ?? ''));
    console.log(`[${kind}] the page's own attempts: ${JSON.stringify(attempts)}`);
    expect(attempts.every((result) => result !== 'sent')).toBe(true);
    await waitForIdle(p.page);
    await expectUntouched(p.page);
    expect(await badge(p.page)).toBe(String(MARKED.length));
    await finish(p);
  });

  it('messages from another extension are ignored', async () => {
    const p = await pair();
    const dir = otherExtension(kind, suite.tb.extensionId ?? '', suite.server.href('/report'));
    tempDirs.push(dir);
    await suite.tb.browser.installExtension(dir);
    await waitUntil(async () => suite.server.reports.length > 0, {
      what: 'the other extension to report',
    });
    const results = JSON.parse(suite.server.reports[0] as string) as {
      type: string;
      error?: string;
      reply?: unknown;
    }[];
    console.log(`[${kind}] another extension's messages: ${JSON.stringify(results)}`);
    expect(results).toHaveLength(3);
    // Nothing of ours answers another extension: every message fails with "no receiving end".
    for (const result of results) expect(result.error).toBeTruthy();
    await waitForIdle(p.page);
    await expectUntouched(p.page);
    expect(await badge(p.page)).toBe(String(MARKED.length));
    await finish(p);
  });

  it('malformed messages from our own contexts get a typed error and change nothing', async () => {
    const p = await pair();
    const malformed: [string, unknown][] = [
      ['revealTerm', null],
      ['revealTerm', { entryId: 42 }],
      ['runCommand', { command: 'format-disk' }],
      ['runCommand', 'next-term'],
      ['explainText', { text: ['jaundice'] }],
      ['explainText', undefined],
    ];
    for (const [type, data] of malformed) {
      const error = await sendToTab(
        suite.tb,
        p.page,
        type as 'revealTerm',
        data as { entryId: string },
      ).then(
        () => 'no error',
        (caught: Error) => caught.message,
      );
      expect(error, `${type} ${JSON.stringify(data)}`).toContain('InvalidMessageError');
    }
    // To the background, from an extension page (a sender the background trusts).
    const options = await suite.tb.openExtensionPage('options.html');
    const replies = await options.evaluate(async () => {
      const scope = globalThis as unknown as {
        browser?: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        chrome?: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      };
      const runtime = (scope.browser ?? scope.chrome)!.runtime;
      const send = (message: unknown) =>
        runtime.sendMessage(message).then(
          (reply) => JSON.stringify(reply ?? null),
          (error: Error) => `rejected: ${error.message}`,
        );
      const message = (type: string, data: unknown) => ({
        id: 3,
        type,
        data,
        timestamp: Date.now(),
      });
      return Promise.all([
        send(message('pageTermsChanged', { distinctTerms: 'many' })),
        send(message('pageTermsChanged', null)),
        send(message('pageTermsChanged', { distinctTerms: -1 })),
        send({ type: 'pageTermsChanged' }),
        send('pageTermsChanged'),
        send(null),
      ]);
    });
    await options.close();
    console.log(
      `[${kind}] malformed messages to the background: ${JSON.stringify(replies.map((reply) => reply.match(/InvalidMessageError|null|rejected[^"]*/)?.[0] ?? reply))}`,
    );
    for (const reply of replies.slice(0, 3)) expect(reply).toContain('InvalidMessageError');
    // Messages without our envelope are not ours: no listener answers, nothing breaks.
    for (const reply of replies.slice(3)) expect(reply).not.toContain('InvalidMessageError');
    await expectUntouched(p.page);
    expect(await badge(p.page)).toBe(String(MARKED.length));
    // Still working: a valid message gets its answer.
    const report = (await sendToTab(
      suite.tb,
      p.page,
      'getPageTerms',
      undefined,
    )) as PageTermsReport;
    expect(report.terms.map((term) => term.entryId).sort()).toEqual(MARKED);
    await finish(p);
  });
});
