// Issue 9 (16): a packaged app's menu has no Reload or DevTools; a development build keeps them.
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  app: { isPackaged: true, getVersion: () => '0.0.0' },
  dialog: {},
  Menu: { buildFromTemplate: (t: unknown) => t },
}));
vi.mock('electron', () => electron);

const { buildAppMenu } = await import('./menu');

function roles(): string[] {
  const template = buildAppMenu({ importDialog: () => {}, window: () => null }) as unknown as {
    label?: string;
    submenu?: { role?: string }[];
  }[];
  return template.flatMap((m) => (m.submenu ?? []).map((i) => i.role ?? '')).filter(Boolean);
}

describe('application menu', () => {
  it('has no Reload or DevTools in a packaged app', () => {
    electron.app.isPackaged = true;
    expect(roles()).not.toContain('toggleDevTools');
    expect(roles()).not.toContain('reload');
    expect(roles()).toContain('zoomIn');
  });

  it('keeps them while developing', () => {
    electron.app.isPackaged = false;
    expect(roles()).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
});
