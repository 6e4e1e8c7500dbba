/** Preact hooks shared by the popup and the settings page: live settings, custom terms and theme. */
import { useEffect, useState } from 'preact/hooks';
import type { Entry } from '../glossary/schema';
import { loadCustomTerms, watchCustomTerms } from '../utils/custom-terms';
import { loadSettings, watchSettings, type Settings, type Theme } from '../utils/settings';

/** The stored settings, following every change; null until they are read. */
export function useSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let live = true;
    const stop = watchSettings((next) => setSettings(next));
    void loadSettings().then((loaded) => live && setSettings(loaded));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return settings;
}

/** The user's own terms, following every change; null until they are read. */
export function useCustomTerms(): Entry[] | null {
  const [terms, setTerms] = useState<Entry[] | null>(null);
  useEffect(() => {
    let live = true;
    const stop = watchCustomTerms((next) => setTerms(next));
    void loadCustomTerms().then((loaded) => live && setTerms(loaded));
    return () => {
      live = false;
      stop();
    };
  }, []);
  return terms;
}

/** Puts the theme class the card's styles define (`mje-theme-auto|light|dark`) on the body. */
export function useThemeClass(theme: Theme | undefined): void {
  useEffect(() => {
    const className = `mje-theme-${theme ?? 'auto'}`;
    document.body.classList.add(className);
    document.documentElement.style.colorScheme =
      theme === 'light' ? 'light' : theme === 'dark' ? 'dark' : 'light dark';
    return () => document.body.classList.remove(className);
  }, [theme]);
}
