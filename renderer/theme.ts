// Theme choice (system / light / dark): stored in localStorage and applied as <html data-theme>;
// "system" leaves the choice to prefers-color-scheme in the stylesheet.
import { useEffect, useState } from 'react';
import { figureTheme, type FigureTheme, type FigureThemeName } from '../figures/theme';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'benchlens.theme';

function initial(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export function useTheme(): [ThemeChoice, (t: ThemeChoice) => void] {
  const [theme, setTheme] = useState<ThemeChoice>(initial);
  useEffect(() => {
    applyTheme(theme);
    try {
      if (theme === 'system') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, theme);
    } catch {
      // Storage can be unavailable (private mode); the choice then lasts for this session only.
    }
  }, [theme]);
  return [theme, setTheme];
}

/**
 * The figure theme matching the app's effective theme (the `data-theme` choice, else the system's
 * colour scheme), so on-screen charts are painted from the same theme objects as exported figures.
 */
export function useFigureTheme(): FigureTheme {
  const read = (): FigureThemeName => {
    const chosen = document.documentElement.dataset.theme;
    if (chosen === 'light' || chosen === 'dark') return chosen;
    return typeof window.matchMedia === 'function' &&
      window.matchMedia('(prefers-color-scheme: dark)').matches
      ? 'dark'
      : 'light';
  };
  const [name, setName] = useState<FigureThemeName>(read);
  useEffect(() => {
    const update = () => setName(read());
    const mo = new MutationObserver(update);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const mq =
      typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    mq?.addEventListener('change', update);
    return () => {
      mo.disconnect();
      mq?.removeEventListener('change', update);
    };
  }, []);
  return figureTheme(name);
}
