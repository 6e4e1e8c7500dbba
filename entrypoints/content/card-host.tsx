/**
 * The one element we add to a page: a host with a closed shadow root (WXT's createShadowRootUi), added the first
 * time a card opens. Inside it, the Preact card, placed next to its term with @floating-ui/dom.
 */
import { autoUpdate, computePosition, flip, hide, offset, shift } from '@floating-ui/dom';
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from 'wxt/utils/content-script-ui/shadow-root';
import { Card, NoticeCard, type RelatedTerm } from '../../components/Card';
import cardCss from '../../components/card.css?inline';
import { offlineVoice, speak } from '../../components/speech';
import type { Entry } from '../../glossary/schema';
import type { Theme } from '../../utils/settings';
import { UI_HOST_TAG } from './constants';

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

const EDGE_PADDING = 8;

let sheet: CSSStyleSheet | null = null;
/** The card's styles, with the page's inherited styles reset at the host (as WXT would do). */
function cardSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`:host { all: initial !important; }\n${cardCss}`);
  }
  return sheet;
}

export class CardHost {
  private ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  private creating: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
  private request: OpenCardRequest | null = null;
  private content: CardContent | null = null;
  private announcement = '';
  private stopPlacing: (() => void) | null = null;
  private returnFocusTo: Element | null = null;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly options: CardHostOptions,
  ) {}

  get isOpen(): boolean {
    return this.request !== null;
  }

  get openKey(): unknown {
    return this.request?.key;
  }

  /** The host element, once created (the only node we add to the page). */
  get hostElement(): HTMLElement | null {
    return this.ui?.shadowHost ?? null;
  }

  /** True when the event happened inside our card. */
  containsEvent(event: Event): boolean {
    const host = this.ui?.shadowHost;
    return host !== undefined && event.composedPath().includes(host);
  }

  async open(request: OpenCardRequest): Promise<void> {
    const ui = await this.ensureUi();
    if (this.request) this.teardown();
    else this.returnFocusTo = deepActiveElement();
    this.request = request;
    this.content = request.content;
    this.announcement = announce(request.content);
    this.renderCard(ui);
    this.place(ui, request.anchor);
    this.focusCard(ui);
  }

  close(reason: CloseReason): void {
    if (!this.request) return;
    const ui = this.ui;
    const hadFocus = ui !== null && document.activeElement === ui.shadowHost;
    this.teardown();
    this.request = null;
    this.content = null;
    this.announcement = '';
    if (ui) this.renderCard(ui);
    const back = this.returnFocusTo;
    this.returnFocusTo = null;
    if (hadFocus) {
      if (back instanceof HTMLElement && back.isConnected && back !== document.body) {
        back.focus({ preventScroll: true });
      } else {
        ui?.shadowHost.blur();
      }
    }
    this.options.onClose?.(reason);
  }

  /** Re-renders with the current look (theme and font size changed). */
  refresh(): void {
    if (this.ui) this.renderCard(this.ui);
  }

  dispose(): void {
    this.close('reset');
    this.ui?.remove();
    this.ui = null;
  }

  private async ensureUi(): Promise<ShadowRootContentScriptUi<HTMLElement>> {
    if (!this.ui) {
      this.creating ??= createShadowRootUi(this.ctx, {
        name: UI_HOST_TAG,
        mode: 'closed',
        position: 'inline',
        // After <body>, not inside it: pages that rewrite their body leave our host alone.
        anchor: () => document.documentElement,
        append: 'last',
        // Styles go in as a constructed sheet adopted by the shadow root, not as a <style> element: pages whose
        // Content-Security-Policy forbids inline styles would block the element (and leave the card unstyled).
        inheritStyles: true,
        // Keys typed in the card stay in the card (pages' shortcuts do not see them).
        isolateEvents: ['keydown', 'keyup', 'keypress'],
        onMount: (container, shadow) => {
          if (!shadow.adoptedStyleSheets.includes(cardSheet())) {
            shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, cardSheet()];
          }
          return container;
        },
      });
      this.ui = await this.creating;
      this.creating = null;
      this.ui.uiContainer.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        this.close('escape');
      });
    }
    // Pages may remove our host (on purpose or by rewriting the document): put it back.
    if (!this.ui.shadowHost.isConnected) this.ui.mount();
    return this.ui;
  }

  private renderCard(ui: ShadowRootContentScriptUi<HTMLElement>): void {
    const container = ui.uiContainer;
    const look = this.options.look();
    const content = this.content;
    const close = () => this.close('button');
    const voice = offlineVoice('en');
    render(
      <div
        class={`mje-layer mje-theme-${look.theme}`}
        style={{ '--mje-font-size': `${look.fontSize}px` }}
      >
        <div class="mje-visually-hidden" role="status" aria-live="polite">
          {this.announcement}
        </div>
        {content && (
          <div class="mje-floating">
            {content.kind === 'entry' ? (
              <Card
                key={content.entry.id}
                entry={content.entry}
                surface={content.surface}
                credit={content.credit}
                packTitle={content.packTitle}
                related={content.related}
                onClose={close}
                onRelated={(id) => this.showRelated(id)}
                onSpeak={voice ? (text) => speak(text, voice) : undefined}
              />
            ) : (
              <NoticeCard title={content.title} message={content.message} onClose={close} />
            )}
          </div>
        )}
      </div>,
      container,
    );
  }

  private async showRelated(id: string): Promise<void> {
    const next = await this.options.relatedContent(id);
    if (!next || !this.ui) return;
    this.content = next;
    this.announcement = announce(next);
    this.renderCard(this.ui);
    this.focusCard(this.ui);
  }

  private place(ui: ShadowRootContentScriptUi<HTMLElement>, anchor: CardAnchor): void {
    const floating = ui.uiContainer.querySelector<HTMLElement>('.mje-floating');
    if (!floating) return;
    const reference = anchor;
    const update = () => {
      void computePosition(reference, floating, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          flip({ padding: EDGE_PADDING }),
          shift({ padding: EDGE_PADDING }),
          hide(),
        ],
      }).then(({ x, y, middlewareData }) => {
        if (this.request?.anchor !== anchor) return;
        if (middlewareData.hide?.referenceHidden) {
          // The term was scrolled out of view: the card goes with it.
          this.close('scroll');
          return;
        }
        floating.style.left = `${Math.round(x)}px`;
        floating.style.top = `${Math.round(y)}px`;
      });
    };
    this.stopPlacing = autoUpdate(reference, floating, update);
  }

  private focusCard(ui: ShadowRootContentScriptUi<HTMLElement>): void {
    ui.uiContainer.querySelector<HTMLElement>('.mje-card')?.focus({ preventScroll: true });
  }

  private teardown(): void {
    this.stopPlacing?.();
    this.stopPlacing = null;
  }
}

function announce(content: CardContent): string {
  return content.kind === 'entry'
    ? `${content.surface}: ${content.entry.short}`
    : `${content.title}. ${content.message}`;
}

/** The focused element, looking into open shadow roots (the page's own, not ours). */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
