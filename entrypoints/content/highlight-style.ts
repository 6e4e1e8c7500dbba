/** The `::highlight()` rules for the user's style and colour. Pure: no DOM. */
import type { HighlightStyle } from '../../utils/settings';
import { CURRENT_HIGHLIGHT, TERMS_HIGHLIGHT } from './constants';

const FALLBACK_COLOUR = '#2b6cb0';
const HEX_COLOUR = /^#(?:[0-9a-f]{3}){1,2}$/i;

export interface HighlightLook {
  style: HighlightStyle;
  colour: string;
  /** 'off-until-shortcut' shows the marks once a keyboard command has been used on the page. */
  revealed: boolean;
}

/**
 * A dotted underline and a faint tint by default: both stay readable on light and dark pages, because the tint is a
 * translucent mix of the colour and the underline is lightened where the page prefers a dark scheme.
 */
export function highlightCss({ style, colour, revealed }: HighlightLook): string {
  // The colour is written into CSS: only a plain hex colour may pass.
  const safe = HEX_COLOUR.test(colour) ? colour : FALLBACK_COLOUR;
  const shown = style === 'off-until-shortcut' ? (revealed ? 'both' : 'none') : style;
  const underline = (c: string) =>
    `text-decoration-line: underline; text-decoration-style: dotted; text-decoration-color: ${c}; text-decoration-thickness: 2px; text-underline-offset: 3px;`;
  const tint = `background-color: color-mix(in srgb, ${safe} 14%, transparent);`;
  const light = `${shown === 'underline' || shown === 'both' ? underline(safe) : ''}${shown === 'tint' || shown === 'both' ? tint : ''}`;
  const darkUnderline = underline(`color-mix(in srgb, ${safe} 55%, white)`);
  const dark = `${shown === 'underline' || shown === 'both' ? darkUnderline : ''}${shown === 'tint' || shown === 'both' ? `background-color: color-mix(in srgb, ${safe} 30%, transparent);` : ''}`;
  const current = `background-color: color-mix(in srgb, ${safe} 38%, transparent); text-decoration-line: underline; text-decoration-style: solid; text-decoration-color: ${safe}; text-decoration-thickness: 3px;`;
  return [
    light ? `::highlight(${TERMS_HIGHLIGHT}) { ${light} }` : '',
    dark
      ? `@media (prefers-color-scheme: dark) { ::highlight(${TERMS_HIGHLIGHT}) { ${dark} } }`
      : '',
    `::highlight(${CURRENT_HIGHLIGHT}) { ${current} }`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** While the pointer is over a term, a help cursor (toggled on and off: the page's own elements are not touched). */
export const HELP_CURSOR_CSS = ':hover { cursor: help !important; }';
