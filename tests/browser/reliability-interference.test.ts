/**
 * Reliability, interference: pages that fight the extension, in Chromium and Firefox. A page removes or restyles
 * our host element (the next card shows anyway), clears `CSS.highlights` (we paint again on its next change),
 * replaces `Range`, `TreeWalker`, `MutationObserver` and more in its own world (our isolated world never calls
 * them and works as usual), sets `user-select: none`, covers itself with transparent overlays, hunts for our UI to
 * edit it (nothing to find: a closed shadow root, text only), or forges the event that tells an old copy of our
 * content script to stop. Every case: the DOM equals the same page's without the extension (the page's own actions
 * done on both), and nothing leaves 127.0.0.1.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { corePack } from '../../glossary/index.ts';
import {
  dialogText,
  hostCount,
  pageShowsText,
  sendToTab,
  waitUntil,
  wordCentre,
} from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import { HOST_SELECTOR, settled, TEST_BROWSERS } from './harness.ts';
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

/** The start of an entry's short definition: on the page only while its card is open. */
function definitionOf(id: string): string {
  const entry = corePack.entries.find((item) => item.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry.short.slice(0, 40);
}
const JAUNDICE = definitionOf('jaundice');
const ASCITES = definitionOf('ascites');
const CHEMO = definitionOf('chemotherapy');

const BODY = `<h1>A hostile page</h1>
<p id="a">${FILLER} The doctor saw jaundice today.</p>
<p id="b">${FILLER} The scan showed ascites.</p>
<p id="c">${FILLER} Then chemotherapy started.</p>
<div id="more"></div>`;
const MARKED = ['ascites', 'chemotherapy', 'jaundice'];

/** Page-side helpers every page has: add a paragraph (a change on the page). */
const COMMON = `<script>
window.addLine = (text) => {
  const p = document.createElement('p');
  p.textContent = text;
  document.getElementById('more').appendChild(p);
};
</script>`;

/** Hides our host element in every way a page can. */
const RESTYLE = `<script>
window.restyleHost = () => {
  const style = document.createElement('style');
  style.textContent = 'medical-jargon-ui { display: none !important; visibility: hidden !important; opacity: 0 !important; }';
  document.head.appendChild(style);
  const host = document.querySelector('medical-jargon-ui');
  if (host) {
    host.hidden = true;
    host.setAttribute('style', 'display: none !important');
  }
};
window.removeHost = () => document.querySelector('medical-jargon-ui')?.remove();
</script>`;

/**
 * Replaces, in the page's own world, what our content script uses; every replacement counts its calls and throws,
 * so that a call from us would both show and break. `restoreWorld()` puts the originals back (for the test's own
 * reading afterwards).
 */
const OVERRIDES = `<script>
(() => {
  const calls = {};
  window.__calls = calls;
  const saved = [];
  const trap = (owner, name, label) => {
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    if (!descriptor) return;
    saved.push([owner, name, descriptor]);
    const fail = function () {
      calls[label] = (calls[label] || 0) + 1;
      throw new Error('the page replaced ' + label);
    };
    if (descriptor.get) Object.defineProperty(owner, name, { ...descriptor, get: fail });
    else Object.defineProperty(owner, name, { ...descriptor, value: fail });
  };
  trap(window, 'Range', 'Range');
  trap(window, 'StaticRange', 'StaticRange');
  trap(window, 'Highlight', 'Highlight');
  trap(window, 'MutationObserver', 'MutationObserver');
  trap(window, 'TreeWalker', 'TreeWalker');
  trap(window, 'MessageChannel', 'MessageChannel');
  trap(Document.prototype, 'createTreeWalker', 'createTreeWalker');
  trap(Document.prototype, 'createRange', 'createRange');
  trap(TreeWalker.prototype, 'nextNode', 'TreeWalker.nextNode');
  trap(Range.prototype, 'getBoundingClientRect', 'Range.getBoundingClientRect');
  trap(MutationObserver.prototype, 'observe', 'MutationObserver.observe');
  trap(Node.prototype, 'isConnected', 'isConnected');
  trap(Node.prototype, 'contains', 'contains');
  trap(Element.prototype, 'checkVisibility', 'checkVisibility');
  trap(Element.prototype, 'attachShadow', 'attachShadow');
  trap(HighlightRegistry.prototype, 'set', 'highlights.set');
  trap(HighlightRegistry.prototype, 'get', 'highlights.get');
  trap(Performance.prototype, 'now', 'performance.now');
  trap(CSSStyleSheet.prototype, 'replaceSync', 'replaceSync');
  trap(Document.prototype, 'caretRangeFromPoint', 'caretRangeFromPoint');
  trap(Document.prototype, 'caretPositionFromPoint', 'caretPositionFromPoint');
  window.restoreWorld = () => {
    for (const [owner, name, descriptor] of saved) Object.defineProperty(owner, name, descriptor);
  };
})();
</script>`;

/** Watches for our UI the way a hostile script would: it hooks attachShadow before we could call it. */
const HUNTER = `<script>
(() => {
  const captured = [];
  window.__captured = captured;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    captured.push(root);
    return root;
  };
  window.hunt = () => {
    const found = { hosts: 0, openRoots: 0, captured: captured.length, editErrors: [] };
    for (const element of document.querySelectorAll('*')) {
      if (element.shadowRoot) found.openRoots++;
    }
    const host = document.querySelector('medical-jargon-ui');
    if (host) {
      found.hosts++;
      found.shadowRoot = host.shadowRoot === null ? null : 'visible';
      try { host.textContent = 'HACKED definition'; } catch (e) { found.editErrors.push(String(e)); }
      try {
        const b = document.createElement('b');
        b.textContent = 'HACKED again';
        host.appendChild(b);
      } catch (e) { found.editErrors.push(String(e)); }
      try { host.attachShadow({ mode: 'open' }).textContent = 'HACKED root'; } catch (e) { found.editErrors.push(e.name); }
    }
    return found;
  };
})();
</script>`;

const pages = {
  '/host.html': htmlPage('Removes and restyles our host', BODY, { head: COMMON + RESTYLE }),
  '/clears.html': htmlPage('Clears the highlight registry', BODY, { head: COMMON }),
  '/overrides.html': htmlPage('Replaces DOM APIs in its world', BODY, {
    head: OVERRIDES + COMMON,
  }),
  '/no-select.html': htmlPage('user-select: none', BODY, {
    head: `${COMMON}<style>html, body, p { user-select: none; -webkit-user-select: none; }</style>`,
  }),
  '/overlays.html': htmlPage(
    'Transparent overlays',
    `${BODY}<div id="glass" style="position:fixed;inset:0;z-index:5;pointer-events:none;background:rgba(0,0,0,0)"></div>
<div id="shield" hidden style="position:fixed;inset:0;z-index:6;background:transparent"></div>
<script>window.__shieldClicks = 0; document.getElementById('shield').addEventListener('click', () => window.__shieldClicks++);</script>`,
    { head: COMMON },
  ),
  '/hunter.html': htmlPage('Hunts for our UI', BODY, { head: HUNTER + COMMON }),
  '/forger.html': htmlPage('Forges our restart event', BODY, { head: COMMON }),
};

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => {
    for (const [path, html] of Object.entries(pages)) server.route(path, html);
  });

  /** The page with the extension (marked) and without it. */
  async function pair(path: string, settle = true): Promise<{ page: Page; baseline: Page }> {
    const url = suite.server.href(path);
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    if (settle) await waitForSettled(page, { min: MARKED.length });
    return { page, baseline };
  }

  /** Runs the page's own function on both pages. */
  const both = (p: { page: Page; baseline: Page }, script: string) =>
    Promise.all([p.page.evaluate(script), p.baseline.evaluate(script)]);

  async function finish(p: { page: Page; baseline: Page }): Promise<void> {
    await expectSameDom(p.page, p.baseline);
    expect((await readProbe(p.page)).errors).toEqual([]);
    await Promise.all([p.page.close(), p.baseline.close()]);
    expectNoExternalRequests(suite);
  }

  async function click(page: Page, selector: string, word: string): Promise<void> {
    const { x, y } = await wordCentre(page, selector, word);
    await page.mouse.click(x, y);
  }

  const showsCard = (page: Page, text: string, what: string) =>
    waitUntil(() => pageShowsText(page, text), { what });

  it('a page that removes or restyles our host: the next card shows anyway', async () => {
    const p = await pair('/host.html');
    await click(p.page, '#a', 'jaundice');
    await showsCard(p.page, JAUNDICE, 'the first card');
    await both(p, 'removeHost()');
    expect(await hostCount(p.page)).toBe(0);
    await click(p.page, '#b', 'ascites');
    await showsCard(p.page, ASCITES, 'a card after the host was removed');
    expect(await hostCount(p.page)).toBe(1);
    // The page's styles lose to the `:host { all: initial !important }` of our shadow root (an important rule of an
    // inner tree context wins): the host stays shown.
    await both(p, 'restyleHost()');
    const hostShown = () =>
      p.page.evaluate(
        (selector) =>
          document
            .querySelector(selector)
            ?.checkVisibility({ opacityProperty: true, visibilityProperty: true }) ?? false,
        HOST_SELECTOR,
      );
    expect(await hostShown()).toBe(true);
    await click(p.page, '#c', 'chemotherapy');
    await showsCard(p.page, CHEMO, 'a card after the host was hidden');
    expect(await hostShown()).toBe(true);
    if (kind === 'chromium') expect((await dialogText(p.page))?.text).toContain(CHEMO);
    await p.page.keyboard.press('Escape');
    await finish(p);
  });

  it('a page that clears CSS.highlights: painted again on its next change', async () => {
    const p = await pair('/clears.html');
    await both(p, 'CSS.highlights.clear()');
    expect(await highlightTexts(p.page)).toEqual([]);
    await both(p, "addLine('A new line about a stent.')");
    await waitUntil(async () => (await highlightTexts(p.page)).length === MARKED.length + 1, {
      what: 'our highlights back after the next change',
    });
    expect((await highlightTexts(p.page)).sort()).toEqual([...MARKED, 'stent'].sort());
    await finish(p);
  });

  it('a page that replaces Range, TreeWalker, MutationObserver… in its world: ours are untouched', async () => {
    // The page's replacements throw, even for the test's own reading (the extension's state is read with events,
    // which the page leaves alone): look once they are undone.
    const p = await pair('/overrides.html', false);
    await waitForIdle(p.page, { until: (state) => state.scans > 0 });
    // A change is only followed if our MutationObserver is our own.
    await both(p, "addLine('Added later: radiotherapy.')");
    await waitForIdle(p.page);
    const calls = await p.page.evaluate('window.__calls');
    await both(p, 'restoreWorld()');
    expect(calls).toEqual({});
    await waitUntil(async () => (await highlightTexts(p.page)).length === MARKED.length + 1, {
      what: 'the added line to be marked',
    });
    expect((await highlightTexts(p.page)).sort()).toEqual([...MARKED, 'radiotherapy'].sort());
    await click(p.page, '#a', 'jaundice');
    await showsCard(p.page, JAUNDICE, 'the card');
    await p.page.keyboard.press('Escape');
    await finish(p);
  });

  it('a page with user-select: none: marked, and a click opens the card', async () => {
    const p = await pair('/no-select.html');
    expect((await highlightTexts(p.page)).sort()).toEqual(MARKED);
    await click(p.page, '#b', 'ascites');
    await showsCard(p.page, ASCITES, 'the card');
    await p.page.keyboard.press('Escape');
    await finish(p);
  });

  it('a page under transparent overlays: marked, clicks through a click-through overlay, keyboard path under a shield', async () => {
    const p = await pair('/overlays.html');
    expect((await highlightTexts(p.page)).sort()).toEqual(MARKED);
    await click(p.page, '#a', 'jaundice');
    await showsCard(p.page, JAUNDICE, 'the card through a pointer-events: none overlay');
    await p.page.keyboard.press('Escape');
    await both(p, "document.getElementById('shield').hidden = false");
    await click(p.page, '#b', 'ascites');
    // The shield is the page's: its click is the page's, and the page still gets it.
    expect(await p.page.evaluate('window.__shieldClicks')).toBe(1);
    expect((await highlightTexts(p.page)).sort()).toEqual(MARKED);
    await sendToTab(suite.tb, p.page, 'runCommand', { command: 'next-term' });
    await waitUntil(
      async () =>
        (await pageShowsText(p.page, JAUNDICE)) ||
        (await pageShowsText(p.page, ASCITES)) ||
        (await pageShowsText(p.page, CHEMO)),
      { what: 'a card opened from the keyboard command' },
    );
    await p.page.keyboard.press('Escape');
    await both(p, "document.getElementById('shield').hidden = true");
    await finish(p);
  });

  it('a page script hunting for our card finds nothing to read or edit', async () => {
    const p = await pair('/hunter.html');
    await click(p.page, '#a', 'jaundice');
    await showsCard(p.page, JAUNDICE, 'the card');
    const found = (await p.page.evaluate('hunt()')) as {
      hosts: number;
      openRoots: number;
      captured: number;
      shadowRoot: null | string;
      editErrors: string[];
    };
    expect(found).toMatchObject({ hosts: 1, openRoots: 0, captured: 0, shadowRoot: null });
    // attachShadow on our host fails: it already has a (closed) root.
    expect(found.editErrors).toEqual(['NotSupportedError']);
    await settled(p.page);
    expect(await pageShowsText(p.page, JAUNDICE)).toBe(true);
    expect(await pageShowsText(p.page, 'HACKED')).toBe(false);
    if (kind === 'chromium') expect((await dialogText(p.page))?.text).toContain(JAUNDICE);
    await p.page.keyboard.press('Escape');
    await p.baseline.evaluate('hunt()');
    await finish(p);
  });

  it('a page that forges the "newer content script started" event: we keep working', async () => {
    const p = await pair('/forger.html');
    const eventName = `${suite.tb.extensionId}:content:wxt:content-script-started`;
    await both(
      p,
      `document.dispatchEvent(new CustomEvent(${JSON.stringify(eventName)}, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
       window.postMessage({ type: ${JSON.stringify(eventName)}, contentScriptName: 'content', messageId: 'forged' }, '*');`,
    );
    await waitForIdle(p.page);
    expect((await highlightTexts(p.page)).sort()).toEqual(MARKED);
    await both(p, "addLine('Added after the forged event: stent.')");
    await waitUntil(async () => (await highlightTexts(p.page)).includes('stent'), {
      what: 'a change after the forged event to be followed',
    });
    await finish(p);
  });
});
