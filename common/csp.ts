// The renderer's Content-Security-Policy, served with every page by main's app://
// protocol handler (and by the test harness's server). No inline scripts, no eval, no
// network: the renderer talks to nothing but the preload bridge.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // React sets style props through the CSSOM, which CSP allows without 'unsafe-inline'.
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  // The template preview's <iframe sandbox srcdoc>: its document is about:srcdoc (inheriting this
  // policy); no frame may load anything from anywhere.
  "frame-src 'self'",
  "child-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
