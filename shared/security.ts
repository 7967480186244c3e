// The Content-Security-Policy every front door sends: the HTTP server as a header, the Electron
// shell on its app:// responses (the renderer's <meta> tag repeats it). No remote content, and no inline
// script or style: the stylesheet is a file, and React's `style={{…}}` props set CSSOM properties,
// which style-src does not govern (tests/e2e/csp.spec.ts loads every view and counts zero violations).

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
