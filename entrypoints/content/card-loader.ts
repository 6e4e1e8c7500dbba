/**
 * The card, loaded when one first opens: its code (card-host.tsx with Preact, @floating-ui/dom and the card's
 * styles) is the extension's own script `card-ui.js` (entrypoints/card-ui.ts), imported into the content script's
 * world on first use, so that a page on which no card opens never compiles it. The content script keeps only this
 * stand-in, which answers for a card that was never opened.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardHost } from './card-host';
import type { CardHostOptions, CloseReason, OpenCardRequest } from './card-types';
import { CARD_UI_GLOBAL } from './constants';

/** What card-ui.js leaves on the content script's global once loaded. */
export interface CardUi {
  CardHost: typeof CardHost;
}

export class LazyCardHost {
  private host: CardHost | null = null;
  private loading: Promise<CardHost | null> | null = null;
  private disposed = false;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly options: CardHostOptions,
  ) {}

  get isOpen(): boolean {
    return this.host?.isOpen ?? false;
  }

  get openKey(): unknown {
    return this.host?.openKey;
  }

  /** The host element, once a card was opened (the only node we add to the page). */
  get hostElement(): HTMLElement | null {
    return this.host?.hostElement ?? null;
  }

  containsEvent(event: Event): boolean {
    return this.host?.containsEvent(event) ?? false;
  }

  /** Starts loading the card's code (a card is about to open: its content is being looked up). */
  preload(): void {
    void this.load();
  }

  async open(request: OpenCardRequest): Promise<void> {
    const host = await this.load();
    if (host && !this.disposed) await host.open(request);
  }

  close(reason: CloseReason): void {
    this.host?.close(reason);
  }

  refresh(): void {
    this.host?.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.host?.dispose();
    this.host = null;
  }

  private load(): Promise<CardHost | null> {
    this.loading ??= import(/* @vite-ignore */ browser.runtime.getURL('/card-ui.js')).then(
      () => {
        const ui = (globalThis as unknown as Record<string, CardUi | undefined>)[CARD_UI_GLOBAL];
        if (!ui || this.disposed) return null;
        this.host = new ui.CardHost(this.ctx, this.options);
        return this.host;
      },
      // The extension was reloaded or updated under this page: no card.
      () => null,
    );
    return this.loading;
  }
}
