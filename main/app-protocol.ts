// Serves the built renderer from app://billing-desk/ instead of file://, so that every
// response carries the Content-Security-Policy header and no other local file can be
// read by the page.

import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../common/csp';
import { APP_HOST, APP_SCHEME } from './ipc/sender-policy';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Every response, a refusal included, carries the CSP: nothing the page gets is without it. */
function respond(body: BodyInit | null, status: number, contentType: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

const notFound = () => respond('Not found', 404, 'text/plain; charset=utf-8');

/**
 * The file of the build an app:// URL names, or null for anything else: another host,
 * a path that is not valid percent-encoding, or one that leads out of the build
 * (`..`, encoded or not).
 */
export function fileOfRequest(rendererRoot: string, requestUrl: string): string | null {
  const root = path.resolve(rendererRoot);
  let url: URL;
  let relative: string;
  try {
    url = new URL(requestUrl);
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || relative.includes('\0')) return null;
  const file = path.normalize(path.join(root, relative));
  return file.startsWith(root + path.sep) ? file : null;
}

export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = fileOfRequest(rendererRoot, request.url);
    if (!file) return notFound();
    try {
      const body = await readFile(file);
      return respond(body, 200, MIME[path.extname(file)] ?? 'application/octet-stream');
    } catch {
      return notFound();
    }
  });
}
