// The Content-Security-Policy of every response (server/app.ts sets it). An inline
// script runs only with the response's nonce, which React Router and React put on the
// scripts they write (app/entry.server.tsx); other scripts only from the studio's own
// files (its build: what users upload is served with its own type and nosniff, never
// as a script). An injected script or event handler does not run, should an XSS ever
// slip through. Not 'strict-dynamic': it would let any script created by a script run,
// inline ones included.
//
// Styles may be inline: pages set style attributes (colours, the script's page layout)
// and the editors add their own; a style cannot run code.

/** The server puts each response's nonce in this request header for the page renderer; a client's value is overwritten. */
export const NONCE_HEADER = "x-claquette-csp-nonce";

/** The release player other sites may frame (DESIGN.md: /p/<slug>/releases/<release>/embed). */
export function isEmbedPath(pathname: string): boolean {
  return /^\/p\/[^/]+\/releases\/[^/]+\/embed\/?$/.test(pathname);
}

export function contentSecurityPolicy({ nonce, publicUrl, pathname }: { nonce: string; publicUrl: string; pathname: string }): string {
  const origin = new URL(publicUrl);
  // Live documents connect back to the studio by websocket (ws: for http, wss: for https).
  const socket = `${origin.protocol === "https:" ? "wss:" : "ws:"}//${origin.host}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${socket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${isEmbedPath(pathname) ? "*" : "'none'"}`,
  ].join("; ");
}
