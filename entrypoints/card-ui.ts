/**
 * The card's code (card-host.tsx: Preact, @floating-ui/dom, the card's styles), built as a script of its own and
 * imported by the content script when a card first opens (see content/card-loader.ts). It runs in the content
 * script's world and leaves the card's class on that world's global, where pages cannot see it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { CardHost } from './content/card-host';
import type { CardUi } from './content/card-loader';
import { CARD_UI_GLOBAL } from './content/constants';

export default defineUnlistedScript(() => {
  const ui: CardUi = { CardHost };
  Object.assign(globalThis, { [CARD_UI_GLOBAL]: ui });
});
