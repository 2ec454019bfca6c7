import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDocument } from '../../main/domain/settings-document';
import { guardSettingsFile, withLastGoodCopy } from '../../main/persistence/settings-file-guard';
import { memoryStore } from '../support/memory-store';

function dataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'billing-desk-guard-'));
}

describe('guardSettingsFile', () => {
  it('says nothing of a missing or good file', () => {
    const dir = dataDir();
    expect(guardSettingsFile(dir, 'settings')).toBeNull();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(defaultDocument()));
    expect(guardSettingsFile(dir, 'settings')).toBeNull();
  });

  it('keeps a truncated file aside and restores the last good settings', () => {
    const dir = dataDir();
    const good = { ...defaultDocument(), revision: 7 };
    const store = withLastGoodCopy(memoryStore(), dir, 'settings');
    store.write(good);
    const broken = JSON.stringify(good).slice(0, 50);
    writeFileSync(path.join(dir, 'settings.json'), broken);
    const notice = guardSettingsFile(dir, 'settings');
    expect(notice).toMatch(/could not read its settings file .* It was kept as settings\.json\.unreadable-.*the last good settings, saved .* were restored\./);
    const kept = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(kept && readFileSync(path.join(dir, kept), 'utf8')).toBe(broken);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).revision).toBe(7);
  });

  it('never replaces a file from a newer version silently; without a good copy it starts from defaults', () => {
    const dir = dataDir();
    const newer = JSON.stringify({ ...defaultDocument(), schemaVersion: 99 });
    writeFileSync(path.join(dir, 'settings.json'), newer);
    const notice = guardSettingsFile(dir, 'settings');
    expect(notice).toMatch(/newer version of Billing Desk/);
    expect(notice).toMatch(/starts from default settings/);
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(false);
    const kept = readdirSync(dir).find((name) => name.startsWith('settings.json.unreadable-'));
    expect(kept && readFileSync(path.join(dir, kept), 'utf8')).toBe(newer);
  });
});
