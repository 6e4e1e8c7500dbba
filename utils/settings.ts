/** The user's settings: one typed object with defaults and a version, migrated on read. */
export const SETTINGS_VERSION = 1;

export type HighlightStyle = 'underline' | 'tint' | 'both' | 'off-until-shortcut';
export type Theme = 'auto' | 'light' | 'dark';
export type OpenCardOn = 'click' | 'hover';

export interface Settings {
  version: typeof SETTINGS_VERSION;
  highlightStyle: HighlightStyle;
  /** A CSS colour for the underline and tint. */
  highlightColor: string;
  /** Mark only the first occurrence of each term in a block. */
  firstOccurrenceOnly: boolean;
  openCardOn: OpenCardOn;
  hoverDelayMs: number;
  /** The card's font size in CSS pixels. */
  cardFontSize: number;
  theme: Theme;
  /** Ids of the glossary packs that are switched on. */
  enabledPacks: string[];
  /** Hostnames where the extension is paused. */
  pausedSites: string[];
  pausedEverywhere: boolean;
  showBadge: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  highlightStyle: 'both',
  highlightColor: '#2b6cb0',
  firstOccurrenceOnly: false,
  openCardOn: 'click',
  hoverDelayMs: 400,
  cardFontSize: 15,
  theme: 'auto',
  enabledPacks: ['core'],
  pausedSites: [],
  pausedEverywhere: false,
  showBadge: true,
});
