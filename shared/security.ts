// The Content-Security-Policy every front door sends: the HTTP server as a header, the Electron
// shell on its responses (the renderer's <meta> tag repeats it for file:// pages). No remote content.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
