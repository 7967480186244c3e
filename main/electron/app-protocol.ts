// The app:// scheme the built renderer is served from instead of file:// (Electron's security checklist:
// a custom protocol, so the page has a real origin for CSP 'self' and no file:// privileges). Pure part:
// a request URL to a file under out/renderer with its MIME type, or a refusal (foreign host, a path
// that leaves the renderer folder, a malformed escape); main.ts registers the scheme and serves the file.
import path from 'node:path';
import { mimeType } from '../core/mime-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'benchlens';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppFile =
  { kind: 'file'; path: string; mime: string } | { kind: 'refused'; status: 400 | 403 | 404; reason: string };

const refuse = (status: 400 | 403 | 404, reason: string): AppFile => ({ kind: 'refused', status, reason });

/**
 * The file an app:// request asks for, under `rendererRoot` (absolute), or why it is refused. The URL
 * parser has already folded plain and %2e dot segments; the decoded path is resolved again and must
 * stay inside the root, so an encoded slash or backslash cannot climb out either.
 */
export function resolveAppFile(rendererRoot: string, url: string): AppFile {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return refuse(400, `not a URL: ${url}`);
  }
  if (u.protocol !== `${APP_SCHEME}:`) return refuse(403, `not an ${APP_SCHEME}: URL: ${url}`);
  if (u.host.toLowerCase() !== APP_HOST) return refuse(403, `unknown host "${u.host}" in ${url}`);
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return refuse(400, `malformed escape in ${url}`);
  }
  if (rel.includes('\0')) return refuse(400, `NUL in ${url}`);
  if (rel === '' || rel === '/') rel = '/index.html';
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, `.${rel.replaceAll('\\', '/')}`);
  if (!file.startsWith(root + path.sep)) return refuse(403, `outside the app: ${url}`);
  return { kind: 'file', path: file, mime: mimeType(file) };
}
