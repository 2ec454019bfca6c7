// The app:// protocol, against a recording stand-in for Electron (not Electron itself).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../common/csp';
import { protocol, resetElectronStandIn } from '../../support/electron-stand-in';
import { fileOfRequest, registerAppScheme, serveRenderer } from '../../../main/app-protocol';

vi.mock('electron', () => import('../../support/electron-stand-in'));

// A build folder, with files beside it that the page must never reach.
const root = mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
const build = path.join(root, 'renderer');
beforeAll(() => {
  mkdirSync(path.join(build, 'assets'), { recursive: true });
  writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Billing Desk</title>');
  writeFileSync(path.join(build, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(build, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  mkdirSync(path.join(root, 'renderer-evil'));
  writeFileSync(path.join(root, 'renderer-evil', 'x.js'), 'TOP SECRET');
});

beforeEach(() => resetElectronStandIn());

async function get(url: string): Promise<Response> {
  serveRenderer(build);
  const handler = protocol.handlers.get('app');
  if (!handler) throw new Error('no app:// handler');
  return handler(new Request(url));
}

describe('the app:// scheme', () => {
  it('is registered as privileged (standard, secure, fetch) before ready', () => {
    registerAppScheme();
    expect(protocol.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it.each([
    ['app://billing-desk/', 'text/html; charset=utf-8', '<!doctype html><title>Billing Desk</title>'],
    ['app://billing-desk/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Billing Desk</title>'],
    ['app://billing-desk/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://billing-desk/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
  ])('serves %s from the build with its type and the CSP', async (url, type, body) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(body);
  });

  it.each([
    'app://billing-desk/../secret.txt',
    'app://billing-desk/%2e%2e/secret.txt',
    'app://billing-desk/..%2fsecret.txt',
    'app://billing-desk/assets/..%2f..%2fsecret.txt',
    'app://billing-desk/%2E%2E%2Fsecret.txt',
    'app://billing-desk/..%2frenderer-evil%2fx.js',
    `app://billing-desk/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
    'app://billing-desk/%00index.html',
    'app://billing-desk/%E0%A4%A',
    'app://billing-desk/missing.js',
    'app://billing-desk/assets',
    'app://other-host/index.html',
    'app://other-host/../secret.txt',
  ])('refuses %s with a 404 that still carries the CSP', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('maps only the build’s own files', () => {
    expect(fileOfRequest(build, 'app://billing-desk/assets/index-abc.js')).toBe(path.join(build, 'assets', 'index-abc.js'));
    expect(fileOfRequest(build, 'app://billing-desk/..%2fsecret.txt')).toBeNull();
    expect(fileOfRequest(build, 'https://billing-desk/index.html')).toBeNull();
    expect(fileOfRequest(build, 'not a url')).toBeNull();
  });
});
