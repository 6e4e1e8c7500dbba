/**
 * The one typed protocol between background, content script, popup and options.
 * Settings and custom terms are not sent as messages: every context reads them from storage and follows
 * `storage.onChanged`.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CardEntry } from '../glossary/card-entry';

export type CommandName = 'next-term' | 'previous-term' | 'explain-selection';

/** One glossary entry as found on a page. */
export interface PageTermSummary {
  entryId: string;
  /** Number of highlighted occurrences on the page. */
  count: number;
  /** Order of the first occurrence on the page, for "page order" sorting. */
  firstPosition: number;
}

export interface PageTermsReport {
  /** false when the browser lacks the CSS Custom Highlight API: nothing is marked on the page. */
  highlightApiAvailable: boolean;
  /** true while the extension is paused for this site or everywhere. */
  paused: boolean;
  /** true when the page had more matches than the per-page cap and marking stopped there. */
  capped: boolean;
  terms: PageTermSummary[];
}

export interface ProtocolMap {
  /** popup → content script (top frame): what is highlighted on this page. */
  getPageTerms(): PageTermsReport;
  /** popup → content script: scroll to the next occurrence of an entry, mark it and open its card. */
  revealTerm(data: { entryId: string }): boolean;
  /** background → content script: a keyboard command was pressed. */
  runCommand(data: { command: CommandName }): void;
  /** background → content script: the context menu asked to explain this selected text. */
  explainText(data: { text: string }): boolean;
  /** content script → background: the page's terms changed (drives the toolbar badge). */
  pageTermsChanged(data: { distinctTerms: number }): void;
  /**
   * popup → content script (top frame): the page's address. The popup needs the hostname for "pause on
   * this site"; without the `tabs` permission it sees a tab's URL only after a click on the toolbar icon.
   */
  getPageLocation(): { href: string; hostname: string };
  /**
   * content script → background: what the card shows for an entry. The glossary's text stays out of the
   * content script (it would be most of its bundle); the background has it all, the user's own terms too.
   */
  getCardEntry(data: { entryId: string }): CardEntry | null;
}

export const { sendMessage, onMessage, removeAllListeners } =
  defineExtensionMessaging<ProtocolMap>();

const COMMANDS: readonly string[] = ['next-term', 'previous-term', 'explain-selection'];

/** A message of a known type whose data is not what the protocol says (the sender gets it back as `err`). */
export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Checks the data of a received message against the protocol; throws InvalidMessageError when it does not fit. */
export function checkMessageData<K extends keyof ProtocolMap>(
  type: K,
  data: unknown,
): Parameters<ProtocolMap[K]>[0] {
  const fits = ((): boolean => {
    switch (type) {
      case 'getPageTerms':
      case 'getPageLocation':
        return true;
      case 'revealTerm':
        return isRecord(data) && typeof data.entryId === 'string';
      case 'runCommand':
        return (
          isRecord(data) && typeof data.command === 'string' && COMMANDS.includes(data.command)
        );
      case 'explainText':
        return isRecord(data) && typeof data.text === 'string';
      case 'pageTermsChanged':
        return (
          isRecord(data) &&
          typeof data.distinctTerms === 'number' &&
          Number.isInteger(data.distinctTerms) &&
          data.distinctTerms >= 0
        );
      default:
        return false;
    }
  })();
  if (!fits)
    throw new InvalidMessageError(`${type}: unexpected data ${JSON.stringify(data) ?? ''}`);
  return data as Parameters<ProtocolMap[K]>[0];
}

/**
 * true when a message comes from this extension: its own pages (popup, options) or its content
 * scripts, which run in a tab. Other extensions reach `onMessageExternal`, which nothing listens to;
 * this check keeps it that way if `externally_connectable` is ever added.
 */
export function isOwnSender(
  sender: { id?: string; url?: string; tab?: { id?: number } },
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId) return false;
  if (sender.tab?.id !== undefined) return true;
  return typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/**
 * `storage.session` key through which the background asks the popup to open with a search, when
 * "Explain …" found no term in the selected text.
 */
export const PENDING_SEARCH_KEY = 'pendingSearch';

export interface PendingSearch {
  query: string;
  /** `Date.now()` when it was asked for; the popup ignores requests older than a few seconds. */
  at: number;
}
