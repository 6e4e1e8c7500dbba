/**
 * The background worker: the "Explain …" context menu, keyboard commands forwarded to the page, and the
 * toolbar badge. It holds no state worth keeping: settings and custom terms live in storage.
 */
import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  PENDING_SEARCH_KEY,
  checkMessageData,
  isOwnSender,
  onMessage,
  sendMessage,
  type CommandName,
  type PendingSearch,
} from '../utils/messages';
import { cardEntry } from '../glossary/card-entry';
import { activePacks } from '../glossary/custom-terms';
import { bundledPacks } from '../glossary/index';
import { loadCustomTerms } from '../utils/custom-terms';
import { loadSettings, watchSettings } from '../utils/settings';

const MENU_ID = 'explain-selection';
const COMMANDS: readonly CommandName[] = ['next-term', 'previous-term', 'explain-selection'];
const BADGE_COLOUR = '#2b6cb0';

type Sender = Browser.runtime.MessageSender;

/** The toolbar button: `action` in Manifest V3, `browserAction` in the Firefox Manifest V2 build. */
function toolbarButton(): typeof browser.action {
  return browser.action ?? browser.browserAction;
}

export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/');
  const fromUs = (sender: Sender): boolean =>
    isOwnSender(sender, browser.runtime.id, extensionOrigin);

  // ----- Badge: distinct terms on the tab's top frame -----------------------------------------
  // Counts are kept so that turning the badge back on can show them without asking every tab.
  const termCounts = new Map<number, number>();
  let showBadge = true;

  async function paintBadge(tabId: number): Promise<void> {
    const count = termCounts.get(tabId) ?? 0;
    const text = showBadge && count > 0 ? String(Math.min(count, 999)) : '';
    try {
      await toolbarButton().setBadgeText({ tabId, text });
    } catch {
      termCounts.delete(tabId); // the tab is gone
    }
  }

  onMessage('pageTermsChanged', ({ data: raw, sender }) => {
    const data = checkMessageData('pageTermsChanged', raw);
    const tabId = sender.tab?.id;
    // Frames inside the page report their own terms; the badge counts the page itself.
    if (!fromUs(sender) || tabId === undefined || (sender.frameId ?? 0) !== 0) return;
    termCounts.set(tabId, data.distinctTerms);
    void paintBadge(tabId);
  });

  browser.tabs.onRemoved.addListener((tabId) => termCounts.delete(tabId));
  void toolbarButton().setBadgeBackgroundColor({ color: BADGE_COLOUR });
  void loadSettings().then((settings) => {
    showBadge = settings.showBadge;
  });
  watchSettings((settings) => {
    if (settings.showBadge === showBadge) return;
    showBadge = settings.showBadge;
    for (const tabId of termCounts.keys()) void paintBadge(tabId);
  });

  // ----- Definitions for the card on a page ----------------------------------------------------
  onMessage('getCardEntry', async ({ data, sender }) => {
    if (!fromUs(sender)) return null;
    const [settings, customTerms] = await Promise.all([loadSettings(), loadCustomTerms()]);
    return cardEntry(activePacks(bundledPacks, settings.enabledPacks, customTerms), data.entryId);
  });

  // ----- Context menu ----------------------------------------------------------------------------
  async function createMenu(): Promise<void> {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: MENU_ID, title: 'Explain “%s”', contexts: ['selection'] });
  }
  browser.runtime.onInstalled.addListener(() => void createMenu());
  browser.runtime.onStartup.addListener(() => void createMenu());

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || !info.selectionText) return;
    void explainSelection(info.selectionText, tab?.id, info.frameId);
  });

  async function explainSelection(text: string, tabId?: number, frameId?: number): Promise<void> {
    if (tabId !== undefined && tabId >= 0) {
      try {
        const opened = await sendMessage('explainText', { text }, { tabId, frameId: frameId ?? 0 });
        if (opened) return;
      } catch {
        // No content script in that frame (a browser page, a PDF viewer): search in the popup instead.
      }
    }
    await openPopupSearch(text, tabId);
  }

  /** Opens the popup with `text` in its search box; in a small window when the popup cannot open. */
  async function openPopupSearch(text: string, tabId?: number): Promise<void> {
    const pending: PendingSearch = { query: text.trim().slice(0, 100), at: Date.now() };
    await browser.storage.session.set({ [PENDING_SEARCH_KEY]: pending });
    try {
      await toolbarButton().openPopup();
    } catch {
      const params = new URLSearchParams({ q: pending.query });
      if (tabId !== undefined && tabId >= 0) params.set('tab', String(tabId));
      await browser.windows.create({
        url: browser.runtime.getURL(`/popup.html?${params.toString()}`),
        type: 'popup',
        width: 400,
        height: 600,
      });
    }
  }

  // ----- Keyboard commands ----------------------------------------------------------------------
  browser.commands.onCommand.addListener((name, tab) => {
    const command = COMMANDS.find((known) => known === name);
    if (!command) return;
    void forwardCommand(command, tab?.id);
  });

  async function forwardCommand(command: CommandName, tabId?: number): Promise<void> {
    const target =
      tabId ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (target === undefined) return;
    try {
      // Moving between terms happens in the page itself; a selection may be inside any frame.
      await sendMessage(
        'runCommand',
        { command },
        command === 'explain-selection' ? target : { tabId: target, frameId: 0 },
      );
    } catch {
      // The page has no content script: nothing to move through.
    }
  }
});
