import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { bundledPackIds } from '../../glossary/index';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEY,
  SETTINGS_VERSION,
  isPaused,
  loadSettings,
  migrateSettings,
  normaliseHostname,
  resetSettings,
  saveSettings,
  setSitePaused,
  watchSettings,
  type Settings,
} from '../../utils/settings';

const storedRaw = async (): Promise<unknown> =>
  (await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY];

describe('defaults', () => {
  it('are complete, valid and frozen', () => {
    expect(migrateSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
    expect(DEFAULT_SETTINGS.version).toBe(SETTINGS_VERSION);
  });

  it('hand out copies that cannot change the defaults', () => {
    const settings = migrateSettings(null);
    settings.pausedSites.push('example.org');
    settings.enabledPacks.length = 0;
    expect(DEFAULT_SETTINGS.pausedSites).toEqual([]);
    expect(DEFAULT_SETTINGS.enabledPacks).toEqual([...bundledPackIds]);
  });

  it('switch on every bundled pack', () => {
    expect(DEFAULT_SETTINGS.enabledPacks).toEqual([...bundledPackIds]);
  });
});

describe('migrateSettings', () => {
  it.each([null, 42, 'settings', [1, 2], true])('reads %j as the defaults', (stored) => {
    expect(migrateSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every valid value of an unversioned (version 0) object', () => {
    const stored = {
      highlightStyle: 'tint',
      highlightColor: '#AA3300',
      firstOccurrenceOnly: true,
      openCardOn: 'hover',
      hoverDelayMs: 800,
      cardFontSize: 18,
      theme: 'dark',
      enabledPacks: ['core', 'cardiology'],
      pausedSites: ['Example.org', 'news.example.com'],
      pausedEverywhere: true,
      showBadge: false,
    };
    expect(migrateSettings(stored)).toEqual({
      ...stored,
      version: SETTINGS_VERSION,
      highlightColor: '#aa3300',
      // The packs added in version 2 are switched on for anyone who stored an older version.
      enabledPacks: ['core', 'cardiology', ...DEFAULT_SETTINGS.enabledPacks.slice(2)],
      pausedSites: ['example.org', 'news.example.com'],
    });
  });

  it('fills a partial object with defaults for the missing fields only', () => {
    const settings = migrateSettings({ version: 1, theme: 'light' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
  });

  it('switches on the packs version 2 added for a version 1 user, and keeps the packs they turned off off', () => {
    const settings = migrateSettings({ version: 1, enabledPacks: ['core'] });
    expect(settings.enabledPacks).toEqual(
      DEFAULT_SETTINGS.enabledPacks.filter((id) => id !== 'nci'),
    );
  });

  it('replaces each damaged value alone and keeps the rest', () => {
    const settings = migrateSettings({
      version: 1,
      highlightStyle: 'sparkles',
      highlightColor: 'javascript:alert(1)',
      theme: 'dark',
      hoverDelayMs: 'soon',
      cardFontSize: Number.NaN,
      pausedSites: 'example.org',
      showBadge: false,
    });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', showBadge: false });
  });

  it('reads loosely typed values the way the user meant them', () => {
    const settings = migrateSettings({
      hoverDelayMs: '650',
      cardFontSize: 99,
      firstOccurrenceOnly: 'true',
      highlightColor: '#0F0',
      pausedSites: ['https://www.Example.org/page', 7, '', 'www.example.org', null],
      enabledPacks: ['core', 3, ' core '],
    });
    expect(settings.hoverDelayMs).toBe(650);
    expect(settings.cardFontSize).toBe(24);
    expect(settings.firstOccurrenceOnly).toBe(true);
    expect(settings.highlightColor).toBe('#00ff00');
    expect(settings.pausedSites).toEqual(['www.example.org']);
    expect(settings.enabledPacks).toEqual(
      DEFAULT_SETTINGS.enabledPacks.filter((id) => id !== 'nci'),
    );
  });

  it('reads the known fields of a newer version and ignores the unknown ones', () => {
    const settings = migrateSettings({ version: 7, theme: 'dark', sparkle: 'max' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });
});

describe('storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('loads the defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('saves a change and loads it back', async () => {
    await saveSettings({ highlightStyle: 'underline', cardFontSize: 20 });
    expect(await loadSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      highlightStyle: 'underline',
      cardFontSize: 20,
    });
  });

  it('never loses values of an old stored object when one setting changes', async () => {
    await fakeBrowser.storage.sync.set({
      [SETTINGS_KEY]: { theme: 'dark', pausedSites: ['example.org'], hoverDelayMs: '900' },
    });
    const saved = await saveSettings({ showBadge: false });
    const expected: Settings = {
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      pausedSites: ['example.org'],
      hoverDelayMs: 900,
      showBadge: false,
    };
    expect(saved).toEqual(expected);
    expect(await loadSettings()).toEqual(expected);
    expect(await storedRaw()).toMatchObject({ version: SETTINGS_VERSION });
  });

  it('keeps fields and the version written by a newer version', async () => {
    await fakeBrowser.storage.sync.set({
      [SETTINGS_KEY]: { version: 3, theme: 'dark', futureOption: { a: 1 } },
    });
    await saveSettings({ showBadge: false });
    expect(await storedRaw()).toMatchObject({
      version: 3,
      theme: 'dark',
      futureOption: { a: 1 },
      showBadge: false,
    });
  });

  it('refuses invalid values passed to save by keeping the old value', async () => {
    await saveSettings({ theme: 'dark' });
    await saveSettings({ theme: 'purple' as Settings['theme'] });
    expect((await loadSettings()).theme).toBe('auto');
  });

  it('resets to the defaults', async () => {
    await saveSettings({ theme: 'dark', pausedSites: ['example.org'] });
    await resetSettings();
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await storedRaw()).toBeUndefined();
  });

  it('pauses and resumes a site without touching other sites', async () => {
    await setSitePaused('a.example', true);
    await setSitePaused('https://B.example/x', true);
    await setSitePaused('a.example', true);
    expect((await loadSettings()).pausedSites).toEqual(['a.example', 'b.example']);
    await setSitePaused('a.example', false);
    expect((await loadSettings()).pausedSites).toEqual(['b.example']);
  });

  it('tells watchers about changes, migrated, until they unsubscribe', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((settings) => seen.push(settings));
    await saveSettings({ theme: 'light' });
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { theme: 'dark' } });
    stop();
    await saveSettings({ theme: 'dark' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
  });
});

describe('sites', () => {
  it('normalises hostnames', () => {
    expect(normaliseHostname('Example.ORG.')).toBe('example.org');
    expect(normaliseHostname('https://sub.example.org:8080/a?b')).toBe('sub.example.org');
    expect(normaliseHostname('   ')).toBe('');
  });

  it('knows when a site is paused', () => {
    const settings = { ...DEFAULT_SETTINGS, pausedSites: ['example.org'] };
    expect(isPaused(settings, 'EXAMPLE.org')).toBe(true);
    expect(isPaused(settings, 'other.org')).toBe(false);
    expect(isPaused({ ...settings, pausedEverywhere: true }, 'other.org')).toBe(true);
  });
});
