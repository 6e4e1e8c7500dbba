/**
 * What the content script and the card (card-host.tsx, loaded when a card first opens) say to each other: light
 * types and one helper, so that the content script's bundle holds none of the card's code.
 */
import type { RelatedTerm } from '../../components/Card';
import type { Entry } from '../../glossary/schema';
import type { Theme } from '../../utils/settings';

export type CardContent =
  | {
      kind: 'entry';
      entry: Entry;
      surface: string;
      credit: string;
      packTitle: string;
      related: RelatedTerm[];
    }
  | { kind: 'notice'; title: string; message: string };

export interface CardLook {
  theme: Theme;
  fontSize: number;
}

/** What a card is placed next to: a live range made for this one card, or a fixed point. */
export interface CardAnchor {
  getBoundingClientRect(): DOMRect;
  getClientRects(): DOMRectList | DOMRect[];
  /** The element whose scrolling containers move the anchor. */
  contextElement?: Element;
}

export function rangeAnchor(range: Range): CardAnchor {
  const start = range.startContainer;
  return {
    getBoundingClientRect: () => range.getBoundingClientRect(),
    getClientRects: () => range.getClientRects(),
    contextElement: start instanceof Element ? start : (start.parentElement ?? undefined),
  };
}

export interface OpenCardRequest {
  anchor: CardAnchor;
  content: CardContent;
  /** Identifies what was clicked, so that a second click on it closes the card. */
  key?: unknown;
}

/** Why a card closed (for tests and focus handling). */
export type CloseReason =
  'escape' | 'outside' | 'scroll' | 'toggle' | 'button' | 'replaced' | 'reset';

export interface CardHostOptions {
  /** The content of a related entry, when the user follows one from the card. */
  relatedContent: (id: string) => Promise<CardContent | null>;
  look: () => CardLook;
  /** Called after the card closed. */
  onClose?: (reason: CloseReason) => void;
}
