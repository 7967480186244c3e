// Theme choice (system / light / dark): stored in localStorage and applied as <html data-theme>;
// "system" leaves the choice to prefers-color-scheme in the stylesheet.
import { useEffect, useState } from 'react';

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
