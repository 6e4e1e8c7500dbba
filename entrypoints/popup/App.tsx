/**
 * The toolbar popup: the words on the active tab, a search over the whole glossary, and pause controls.
 * It talks to the tab's top frame with typed messages and follows settings through storage.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { GlossarySearch } from '../../components/GlossarySearch';
import { useCustomTerms, useSettings, useThemeClass } from '../../components/hooks';
import { PageStatus, type PageState } from '../../components/PageStatus';
import { PageTermsList, type TermOrder } from '../../components/PageTermsList';
import { activePacks, customPack } from '../../glossary/custom-terms';
import { bundledPacks } from '../../glossary/index';
import {
  PENDING_SEARCH_KEY,
  isOwnSender,
  onMessage,
  sendMessage,
  type PendingSearch,
} from '../../utils/messages';
import { normaliseHostname, saveSettings, setSitePaused } from '../../utils/settings';
import { unavailableReason } from './page-access';

/** How long a search asked for by the context menu stays valid. */
const PENDING_SEARCH_MAX_AGE_MS = 15_000;
/** The page is asked again this often while the popup is open, in case a change report was missed. */
const REFRESH_MS = 2000;
const ORDER_KEY = 'popupTermOrder';
/** A page that has not answered by then is treated as one without our content script. */
const ANSWER_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The page did not answer.')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

interface TargetTab {
  id: number;
  url?: string;
}

/** The tab the popup is about: `?tab=<id>` (when opened in a window or a test), else the active tab. */
async function findTargetTab(): Promise<TargetTab | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) {
    const tab = await browser.tabs.get(Number(param)).catch(() => null);
    if (tab?.id !== undefined) return { id: tab.id, url: tab.url };
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined ? { id: tab.id, url: tab.url } : null;
}

/** A search the context menu asked for, or `?q=`; read once and cleared. */
async function takePendingSearch(): Promise<string> {
  const param = new URLSearchParams(location.search).get('q');
  if (param) return param;
  try {
    const stored = await browser.storage.session.get(PENDING_SEARCH_KEY);
    const pending = stored[PENDING_SEARCH_KEY] as PendingSearch | undefined;
    if (!pending) return '';
    await browser.storage.session.remove(PENDING_SEARCH_KEY);
    return Date.now() - pending.at < PENDING_SEARCH_MAX_AGE_MS ? pending.query : '';
  } catch {
    return '';
  }
}

export function Popup() {
  const settings = useSettings();
  const customTerms = useCustomTerms();
  useThemeClass(settings?.theme);

  const [tab, setTab] = useState<TargetTab | null>(null);
  const [page, setPage] = useState<PageState>({ kind: 'loading' });
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<TermOrder>(
    () => (localStorage.getItem(ORDER_KEY) === 'az' ? 'az' : 'page') as TermOrder,
  );
  const [revealFailed, setRevealFailed] = useState(false);

  const allPacks = useMemo(
    () => [...bundledPacks, ...(customTerms?.length ? [customPack(customTerms)] : [])],
    [customTerms],
  );
  const termOf = useMemo(() => {
    const terms = new Map<string, string>();
    for (const pack of activePacks(bundledPacks, settings?.enabledPacks ?? [], customTerms ?? []))
      for (const entry of pack.entries) terms.set(entry.id, entry.term);
    for (const pack of allPacks)
      for (const entry of pack.entries) if (!terms.has(entry.id)) terms.set(entry.id, entry.term);
    return (entryId: string) => terms.get(entryId) ?? entryId;
  }, [allPacks, settings?.enabledPacks, customTerms]);

  useEffect(() => {
    void findTargetTab().then((found) => {
      setTab(found);
      if (!found) setPage({ kind: 'unavailable', reason: unavailableReason(undefined) });
    });
    void takePendingSearch().then((pending) => pending && setQuery(pending));
  }, []);

  const refresh = useCallback(async () => {
    if (!tab) return;
    try {
      const report = await withTimeout(
        sendMessage('getPageTerms', undefined, { tabId: tab.id, frameId: 0 }),
        ANSWER_TIMEOUT_MS,
      );
      setPage({ kind: 'ready', report });
      if (!tab.url) {
        const location = await sendMessage('getPageLocation', undefined, {
          tabId: tab.id,
          frameId: 0,
        }).catch(() => null);
        if (location?.href) setTab({ ...tab, url: location.href });
      }
    } catch {
      setPage({ kind: 'unavailable', reason: unavailableReason(tab.url) });
    }
  }, [tab]);

  // Ask the page now, whenever it reports a change, whenever settings change, and now and then.
  useEffect(() => {
    if (!tab) return;
    void refresh();
    const extensionOrigin = browser.runtime.getURL('/');
    const stopListening = onMessage('pageTermsChanged', ({ sender }) => {
      if (!isOwnSender(sender, browser.runtime.id, extensionOrigin)) return;
      if (sender.tab?.id === tab.id) void refresh();
    });
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => {
      stopListening();
      clearInterval(timer);
    };
  }, [tab, refresh]);
  useEffect(() => {
    void refresh();
  }, [settings, customTerms, refresh]);

  const hostname = tab?.url ? normaliseHostname(tab.url) : '';
  const webPage = /^(https?|file):/i.test(tab?.url ?? '');
  const sitePaused = Boolean(hostname && settings?.pausedSites.includes(hostname));

  async function reveal(entryId: string): Promise<void> {
    if (!tab) return;
    const shown = await sendMessage('revealTerm', { entryId }, { tabId: tab.id, frameId: 0 }).catch(
      () => false,
    );
    setRevealFailed(!shown);
  }

  function changeOrder(next: TermOrder): void {
    setOrder(next);
    localStorage.setItem(ORDER_KEY, next);
  }

  function openSettings(): void {
    void browser.runtime.openOptionsPage();
    window.close();
  }

  return (
    <main class="mje-popup" style={{ '--mje-font-size': `${settings?.cardFontSize ?? 15}px` }}>
      <header class="mje-popup-header">
        <h1 class="mje-popup-title">Medical Jargon Explainer</h1>
        <button type="button" class="mje-link-button" onClick={openSettings}>
          Settings
        </button>
      </header>

      <GlossarySearch
        packs={allPacks}
        query={query}
        onQueryChange={setQuery}
        onEscapeEmpty={() => window.close()}
        focusOnMount
      />

      {!query.trim() && (
        <section class="mje-section" aria-labelledby="on-this-page">
          <h2 id="on-this-page" class="mje-section-title">
            On this page
          </h2>
          <PageStatus page={page} />
          {page.kind === 'ready' && !page.report.paused && page.report.terms.length > 0 && (
            <PageTermsList
              terms={page.report.terms}
              termOf={termOf}
              order={order}
              onOrderChange={changeOrder}
              onReveal={(entryId) => void reveal(entryId)}
            />
          )}
          {revealFailed && (
            <p class="mje-note" role="status">
              That word is no longer on the page.
            </p>
          )}
        </section>
      )}

      {settings && (
        <section class="mje-section mje-controls" aria-labelledby="pause-title">
          <h2 id="pause-title" class="mje-section-title">
            Pause
          </h2>
          {webPage && hostname && (
            <label class="mje-check">
              <input
                type="checkbox"
                name="pauseSite"
                checked={sitePaused}
                onChange={(event) => void setSitePaused(hostname, event.currentTarget.checked)}
              />
              Pause on {hostname}
            </label>
          )}
          <label class="mje-check">
            <input
              type="checkbox"
              name="pauseEverywhere"
              checked={settings.pausedEverywhere}
              onChange={(event) =>
                void saveSettings({ pausedEverywhere: event.currentTarget.checked })
              }
            />
            Pause everywhere
          </label>
        </section>
      )}
    </main>
  );
}
