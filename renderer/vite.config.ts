// Stand-alone Vite build of the renderer (the packaged app builds it through electron.config.ts with
// the same settings): root renderer/, output out/renderer, relative base for file:// and HTTP.
// Run from the repository root: `npx vite build -c renderer/vite.config.ts`. Vite needs the default export.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Dev server only: the page's meta CSP (shared/security.ts: no inline script or style) relaxed for Vite,
 * which injects <style> elements for CSS and an inline React-refresh preamble, and talks over a socket.
 * Builds keep the strict policy.
 */
export function devCsp(): Plugin {
  return {
    name: 'benchlens-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self';", "script-src 'self' 'unsafe-inline';")
        .replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  build: { outDir: '../out/renderer', emptyOutDir: true },
});
