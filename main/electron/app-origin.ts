// Which URLs count as "the app" inside the Electron shell: the built renderer's own index.html served
// from app://benchlens (main/electron/app-protocol.ts; never file://) or, in development, the
// electron-vite dev server origin. Everything else is foreign; navigation, IPC and network checks all
// ask this one module.
import path from 'node:path';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME } from './app-protocol';

export interface AppOrigin {
  /** Absolute path of out/renderer, the only folder app:// serves. */
  rendererRoot: string;
  /** Dev server URL (ELECTRON_RENDERER_URL) when running under `electron-vite dev`, else null. */
  devServerUrl: string | null;
  /** The URL the window loads. */
  entryUrl: string;
  /** True for the app's own page (any hash or query), false for everything else. */
  isAppPage(url: string): boolean;
  /** True for requests the renderer may make: its own files, the dev server, inline data. */
  isAllowedRequest(url: string): boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const isAppUrl = (u: URL): boolean => u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST;

export function createAppOrigin(rendererDir: string, devServerUrl: string | null): AppOrigin {
  const rendererRoot = path.resolve(rendererDir);
  const dev = devServerUrl ? parse(devServerUrl) : null;
  const devOrigin = dev && (dev.protocol === 'http:' || dev.protocol === 'https:') ? dev.origin : null;

  const isAppPage = (url: string): boolean => {
    const u = parse(url);
    if (!u) return false;
    if (devOrigin !== null) return u.origin === devOrigin;
    return isAppUrl(u) && (u.pathname === '/index.html' || u.pathname === '/');
  };

  const isAllowedRequest = (url: string): boolean => {
    const u = parse(url);
    if (!u) return false;
    switch (u.protocol) {
      case `${APP_SCHEME}:`:
        // the scheme's handler serves only files under the renderer root (resolveAppFile)
        return isAppUrl(u);
      case 'data:':
      case 'blob:':
      case 'devtools:':
        return true;
      case 'http:':
      case 'https:':
        return devOrigin !== null && u.origin === devOrigin;
      case 'ws:':
      case 'wss:':
        // Vite's hot-reload socket lives on the dev server's host and port.
        return devOrigin !== null && dev !== null && u.host === dev.host;
      default:
        return false;
    }
  };

  return {
    rendererRoot,
    devServerUrl: devOrigin !== null ? (devServerUrl as string) : null,
    entryUrl: devOrigin !== null ? (devServerUrl as string) : APP_ENTRY_URL,
    isAppPage,
    isAllowedRequest,
  };
}

/** An http(s) link a user clicked, safe to hand to the operating system's browser, or null. */
export function externalLink(url: string): string | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return null;
  if (u.username !== '' || u.password !== '') return null;
  return u.href;
}
