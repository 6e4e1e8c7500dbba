/** The user's settings: one typed object with defaults and a version, migrated on read. */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

export const SETTINGS_VERSION = 2;

/** The `storage.sync` key that holds the settings object. */
export const SETTINGS_KEY = 'settings';

export const HIGHLIGHT_STYLES = ['underline', 'tint', 'both', 'off-until-shortcut'] as const;
export const THEMES = ['auto', 'light', 'dark'] as const;
export const OPEN_CARD_ON = ['click', 'hover'] as const;

export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];
export type Theme = (typeof THEMES)[number];
export type OpenCardOn = (typeof OPEN_CARD_ON)[number];

export const HOVER_DELAY_RANGE = { min: 100, max: 2000 } as const;
export const CARD_FONT_SIZE_RANGE = { min: 12, max: 24 } as const;

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
  // Every bundled pack is on by default (glossary/index.ts `bundledPackIds`; a test keeps the two equal).
  enabledPacks: [
    'core',
    'nci',
    'body',
    'findings',
    'conditions',
    'conditions-more',
    'tests',
    'procedures',
    'medicines',
    'clinic-words',
  ],
  pausedSites: [],
  pausedEverywhere: false,
  showBadge: true,
});

/** A copy of the defaults that the caller may change. */
export function defaultSettings(): Settings {
  return {
    ...DEFAULT_SETTINGS,
    enabledPacks: [...DEFAULT_SETTINGS.enabledPacks],
    pausedSites: [...DEFAULT_SETTINGS.pausedSites],
  };
}

// ---------------------------------------------------------------------------------------------
// Migration: every field is read on its own, so one damaged or unknown value never costs the others.

/** Numbers stored as text by hand-edited or older data ("400") are read as numbers. */
const looseNumber = (range: { min: number; max: number }) =>
  v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.nonEmpty(), v.transform(Number))]),
    v.finite(),
    v.transform((n) => Math.round(Math.min(range.max, Math.max(range.min, n)))),
  );

const looseBoolean = v.union([
  v.boolean(),
  v.pipe(
    v.picklist(['true', 'false']),
    v.transform((text) => text === 'true'),
  ),
]);

/** `#rgb` or `#rrggbb`, lower-cased; other CSS colour syntax is not offered by the colour picker. */
const hexColour = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^#(?:[0-9a-f]{3}){1,2}$/),
  v.transform((hex) =>
    hex.length === 4 ? `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}` : hex,
  ),
);

/** A list of strings; non-string items are dropped one by one rather than failing the list. */
const stringList = (normalise: (item: string) => string) =>
  v.pipe(
    v.array(v.unknown()),
    v.transform((items) => {
      const seen = new Set<string>();
      for (const item of items) {
        if (typeof item !== 'string') continue;
        const value = normalise(item);
        if (value) seen.add(value);
      }
      return [...seen];
    }),
  );

const FIELD_SCHEMAS = {
  highlightStyle: v.picklist(HIGHLIGHT_STYLES),
  highlightColor: hexColour,
  firstOccurrenceOnly: looseBoolean,
  openCardOn: v.picklist(OPEN_CARD_ON),
  hoverDelayMs: looseNumber(HOVER_DELAY_RANGE),
  cardFontSize: looseNumber(CARD_FONT_SIZE_RANGE),
  theme: v.picklist(THEMES),
  enabledPacks: stringList((id) => id.trim()),
  pausedSites: stringList(normaliseHostname),
  pausedEverywhere: looseBoolean,
  showBadge: looseBoolean,
} satisfies { [K in Exclude<keyof Settings, 'version'>]: v.GenericSchema<unknown, Settings[K]> };

type MigrationStep = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * Steps that turn version n's stored shape into version n + 1's, keyed by n. Version 0 means "no version
 * field": the shape is the same as version 1, only the field is missing. When a field is renamed in a
 * later version, its step copies the old value across so the user's choice is kept.
 */
const MIGRATIONS: Record<number, MigrationStep> = {
  0: (raw) => raw,
  // Version 2 added the packs that explain the words of clinic notes. A version 1 user could not have turned
  // them off, so they are switched on like the packs the user kept on.
  1: (raw) =>
    Array.isArray(raw.enabledPacks)
      ? { ...raw, enabledPacks: [...raw.enabledPacks, ...PACKS_ADDED_IN_VERSION_2] }
      : raw,
};

const PACKS_ADDED_IN_VERSION_2 = [
  'body',
  'findings',
  'conditions',
  'conditions-more',
  'tests',
  'procedures',
  'medicines',
  'clinic-words',
];

function storedVersion(raw: Record<string, unknown>): number {
  const version = raw.version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever is stored (nothing, an older version, a partial or damaged object, a newer version)
 * into complete `Settings`. Every value that is valid is kept; each invalid or missing one falls back
 * to its default alone.
 */
export function migrateSettings(stored: unknown): Settings {
  if (!isRecord(stored)) return defaultSettings();
  let raw = { ...stored };
  for (let version = storedVersion(raw); version < SETTINGS_VERSION; version++) {
    raw = MIGRATIONS[version]?.(raw) ?? raw;
  }
  const settings = defaultSettings();
  const target = settings as unknown as Record<string, unknown>;
  for (const [key, schema] of Object.entries(FIELD_SCHEMAS)) {
    if (!(key in raw)) continue;
    const result = v.safeParse(schema as v.GenericSchema, raw[key]);
    if (result.success) target[key] = result.output;
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Sites

/** The lower-case hostname of a URL or hostname, without a trailing dot; '' when there is none. */
export function normaliseHostname(input: string): string {
  const text = input.trim().toLowerCase();
  if (!text) return '';
  try {
    const host = new URL(text.includes('://') ? text : `https://${text}`).hostname;
    return host.replace(/\.$/, '');
  } catch {
    return '';
  }
}

/** true when the extension should do nothing on pages of this hostname. */
export function isPaused(settings: Settings, hostname: string): boolean {
  return settings.pausedEverywhere || settings.pausedSites.includes(normaliseHostname(hostname));
}

// ---------------------------------------------------------------------------------------------
// Storage

async function readRaw(): Promise<unknown> {
  const stored = await browser.storage.sync.get(SETTINGS_KEY);
  return stored[SETTINGS_KEY];
}

export async function loadSettings(): Promise<Settings> {
  return migrateSettings(await readRaw());
}

/**
 * Applies `change` to the stored settings and returns the result. Keys this version does not know
 * (written by a newer version) are kept as they are, so going back and forth between versions loses
 * nothing.
 */
export async function saveSettings(
  change: Partial<Omit<Settings, 'version'>> | ((current: Settings) => Partial<Settings>),
): Promise<Settings> {
  const raw = await readRaw();
  const current = migrateSettings(raw);
  const patch = typeof change === 'function' ? change(current) : change;
  const next = migrateSettings({ ...current, ...patch, version: SETTINGS_VERSION });
  const kept = isRecord(raw) ? raw : {};
  const version = Math.max(storedVersion(kept), SETTINGS_VERSION);
  await browser.storage.sync.set({ [SETTINGS_KEY]: { ...kept, ...next, version } });
  return next;
}

/** Calls `listener` with the new settings whenever they change in storage. Returns an unsubscribe. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (areaName !== 'sync' || !(SETTINGS_KEY in changes)) return;
    listener(migrateSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** Pauses or resumes one site. */
export function setSitePaused(hostname: string, paused: boolean): Promise<Settings> {
  const host = normaliseHostname(hostname);
  return saveSettings((current) => ({
    pausedSites: paused
      ? [...new Set([...current.pausedSites, host])]
      : current.pausedSites.filter((site) => site !== host),
  }));
}

/** Forgets every stored setting (including paused sites): the defaults apply again. */
export async function resetSettings(): Promise<void> {
  await browser.storage.sync.remove(SETTINGS_KEY);
}
