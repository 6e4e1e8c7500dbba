/**
 * The content script: marks glossary terms on the page with the CSS Custom Highlight API (the page's DOM is never
 * changed) and explains them in a card. Runs in every frame; the top frame answers the popup and the background.
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadCustomTerms, watchCustomTerms } from '../../utils/custom-terms-storage';
import { checkMessageData, onMessage, sendMessage } from '../../utils/messages';
import { DEFAULT_SETTINGS, loadSettings, watchSettings } from '../../utils/settings';
import { PageController } from './controller';
import { fetchBundledGlossary } from './glossary-state';
import { highlightCss } from './highlight-style';
import { HighlightPainter, highlightApiAvailable } from './highlights';
import { installTestSignal, STARTING, TEST_SIGNAL, testSliceBudget } from './test-signal';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  // Early, to adopt our highlight style sheet while the page is still empty (see HighlightPainter); the scan
  // itself waits until the page is parsed and rendered.
  runAt: 'document_start',
  // The card's styles are passed to its shadow root as text: nothing is injected into the page.
  cssInjectionMode: 'manual',
  async main(ctx) {
    ignoreForgedRestarts(ctx);
    let started: PageController | null = null;
    if (TEST_SIGNAL) {
      installTestSignal(
        (cleanup) => ctx.onInvalidated(cleanup),
        (handler, ms) => ctx.setInterval(handler, ms),
        () => started?.testState?.() ?? STARTING,
      );
    }
    const isTopFrame = window === window.top;
    const painter = highlightApiAvailable()
      ? new HighlightPainter(
          highlightCss({
            style: DEFAULT_SETTINGS.highlightStyle,
            colour: DEFAULT_SETTINGS.highlightColor,
            revealed: false,
          }),
        )
      : null;
    // The glossary file is read while the settings are: the page waits for neither.
    const [settings, customTerms, bundled] = await Promise.all([
      loadSettings(),
      loadCustomTerms(),
      fetchBundledGlossary(),
    ]);
    if (ctx.isInvalid) {
      painter?.dispose();
      return;
    }
    const controller = new PageController(ctx, {
      painter,
      bundled,
      settings,
      customTerms,
      sliceBudgetMs: TEST_SIGNAL ? testSliceBudget() : undefined,
      onTermsChanged: (distinctTerms) => {
        if (!isTopFrame) return;
        // The background may not be listening (yet): the badge is a nicety, not worth an error.
        sendMessage('pageTermsChanged', { distinctTerms }).catch(() => undefined);
      },
    });
    let currentSettings = settings;
    let currentTerms = customTerms;
    ctx.onInvalidated(
      watchSettings((next) => {
        currentSettings = next;
        controller.applySettings(next, currentTerms);
      }),
    );
    ctx.onInvalidated(
      watchCustomTerms((terms) => {
        currentTerms = terms;
        controller.applySettings(currentSettings, terms);
      }),
    );
    if (isTopFrame) {
      // Only the top frame answers: otherwise every frame of the tab would race to reply.
      ctx.onInvalidated(onMessage('getPageTerms', () => controller.report()));
      // The popup opened without the activeTab grant (in a tab, by openPopup) cannot read the page's address.
      ctx.onInvalidated(
        onMessage('getPageLocation', () => ({ href: location.href, hostname: location.hostname })),
      );
      // Data is checked: a malformed message gets an InvalidMessageError back, and does nothing.
      ctx.onInvalidated(
        onMessage('revealTerm', ({ data }) =>
          controller.reveal(1, checkMessageData('revealTerm', data).entryId),
        ),
      );
      ctx.onInvalidated(
        onMessage('runCommand', ({ data }) =>
          controller.runCommand(checkMessageData('runCommand', data).command),
        ),
      );
      ctx.onInvalidated(
        onMessage('explainText', ({ data }) =>
          controller.explainSelection(checkMessageData('explainText', data).text),
        ),
      );
    }
    controller.start();
    started = controller;
  },
});

/**
 * WXT stops a content script when a newer copy of it announces itself with a DOM event on the document. The page
 * can dispatch that event too (its name is the public extension id plus a fixed text), and so switch us off. While
 * our extension is alive, no newer copy runs beside us (an update or reload invalidates us first, and then
 * `runtime.id` is gone), so the event is stopped on the window, before it reaches WXT's listener on the document.
 */
function ignoreForgedRestarts(ctx: ContentScriptContext): void {
  const eventName = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE?: string })
    .SCRIPT_STARTED_MESSAGE_TYPE;
  if (!eventName) return;
  ctx.addEventListener(
    window,
    eventName as keyof WindowEventMap,
    (event) => {
      if (browser.runtime?.id) event.stopImmediatePropagation();
    },
    { capture: true },
  );
}
