// Which frames may call main: only the app's own pages. Checked on every IPC message,
// so that a page that somehow got into a window (or a subframe) cannot reach settings.

/** The app's own origin in production: a privileged custom scheme serving out/renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'billing-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** scheme://host[:port] of a URL; works for custom schemes, where URL.origin is "null". */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function createSenderPolicy(allowedOrigins: readonly string[]): (senderUrl: string | undefined) => boolean {
  const allowed = new Set(allowedOrigins);
  return (senderUrl) => {
    if (!senderUrl) return false;
    const origin = originOf(senderUrl);
    return origin !== null && allowed.has(origin);
  };
}
