import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { defaultDocument, type SettingsDocument } from '../../../../main/domain/settings-document';
import { SettingsRepository } from '../../../../main/domain/settings-repository';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { PRIVATE_FILE_MODE, openSettingsFiles } from '../../../../main/persistence/settings-files';

function dataDir(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'billing-desk-files-')), 'Billing Desk');
}

const open = (directory: string, extra: Partial<Parameters<typeof openSettingsFiles>[0]> = {}) =>
  openSettingsFiles({
    directory,
    name: 'settings',
    openStore: () => new Conf<Record<string, unknown>>({ cwd: directory, configName: 'settings', configFileMode: PRIVATE_FILE_MODE }),
    ...extra,
  });

/** A document with keys, provider details and a finance log: what must never vanish. */
function richDocument(): SettingsDocument {
  const doc = defaultDocument();
  doc.revision = 7;
  doc.gateway.type = 'stripe';
  doc.stripe.keySets.test = { publishableKey: 'pk_test_FAKEFAKEFAKEFAKE0000001111', sealedSecretKey: 'sealed:v1:AAAA', sealedWebhookSecret: 'sealed:v1:BBBB', verification: null };
  doc.provider = { accountId: '2445581234567', name: 'Acme APIs' };
  doc.financeLog = [{ at: '2026-11-26T10:00:00.000Z', user: 'anna', summary: 'Provider details updated', changes: [] }];
  return doc;
}

const modeOf = (target: string) => statSync(target).mode & 0o777;
const keptFiles = (dir: string, prefix: string) => readdirSync(dir).filter((name) => name.startsWith(prefix));

describe('openSettingsFiles: a file that cannot be parsed', () => {
  it('says nothing of a missing or good file', () => {
    const dir = dataDir();
    expect(open(dir).notice()).toBeNull();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(defaultDocument()));
    expect(open(dir).notice()).toBeNull();
  });

  it('keeps a truncated file aside and restores the last good settings', () => {
    const dir = dataDir();
    open(dir).store.write(richDocument());
    const broken = JSON.stringify(richDocument()).slice(0, 50);
    writeFileSync(path.join(dir, 'settings.json'), broken);
    const files = open(dir);
    expect(files.notice()).toMatch(/could not read its settings file .* It was kept as settings\.json\.unreadable-.*the last good settings, saved .* were restored\./);
    const kept = keptFiles(dir, 'settings.json.unreadable-')[0];
    expect(kept && readFileSync(path.join(dir, kept), 'utf8')).toBe(broken);
    expect(new SettingsRepository(files.store).load().revision).toBe(7);
  });

  it('never replaces a file from a newer version silently; without a good copy it starts from defaults', () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const newer = JSON.stringify({ ...defaultDocument(), schemaVersion: 99 });
    writeFileSync(path.join(dir, 'settings.json'), newer);
    const notice = open(dir).notice();
    expect(notice).toMatch(/newer version of Billing Desk/);
    expect(notice).toMatch(/starts from default settings/);
    const kept = keptFiles(dir, 'settings.json.unreadable-')[0];
    expect(kept && readFileSync(path.join(dir, kept), 'utf8')).toBe(newer);
  });

  it('keeps aside a file whose schemaVersion was removed, with its keys, and restores the last good copy (issue 14, finding 2)', () => {
    const dir = dataDir();
    open(dir).store.write(richDocument());
    const withoutVersion = richDocument() as unknown as Record<string, unknown>;
    delete withoutVersion.schemaVersion;
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(withoutVersion));
    const files = open(dir);
    expect(files.notice()).toMatch(/it has no schemaVersion but holds stripe, provider.*the last good settings.*were restored/);
    const doc = new SettingsRepository(files.store).load();
    expect(doc.stripe.keySets.test.sealedSecretKey).toBe('sealed:v1:AAAA');
    expect(doc.provider.name).toBe('Acme APIs');
    const kept = keptFiles(dir, 'settings.json.unreadable-')[0];
    expect(JSON.parse(readFileSync(path.join(dir, kept ?? ''), 'utf8'))).toEqual(withoutVersion);
  });

  it('never replaces the last good copy by a document with less in it: the old copy is kept aside and the user told', () => {
    const dir = dataDir();
    open(dir).store.write(richDocument());
    // settings.json removed by hand: the app starts empty, and its first save must not wipe the good copy.
    const files = open(dir, { openStore: () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'other' }) });
    files.store.write({ ...defaultDocument(), revision: 1 });
    const kept = keptFiles(dir, 'settings.last-good.json.kept-')[0];
    expect(kept).toBeDefined();
    expect(JSON.parse(readFileSync(path.join(dir, kept ?? ''), 'utf8')).provider.name).toBe('Acme APIs');
    expect(files.notice()).toMatch(/hold less than the last good copy \(1 finance log entries\); that copy was kept as settings\.last-good\.json\.kept-/);
    // A save that adds to it replaces it as usual.
    const more = { ...richDocument(), revision: 8 };
    more.financeLog = [...more.financeLog, { at: '2026-11-26T11:00:00.000Z', user: 'anna', summary: 'x', changes: [] }];
    const again = open(dir);
    again.store.write(more);
    expect(again.notice()).toBeNull();
    expect(keptFiles(dir, 'settings.last-good.json.kept-')).toHaveLength(1);
  });
});

describe('openSettingsFiles: a file that cannot be read at all (issue 14, finding 9)', () => {
  it('starts when settings.json is a folder, says so with its path, works from defaults and overwrites nothing', () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'settings.json'), { recursive: true });
    const files = open(dir);
    expect(files.writable).toBe(false);
    expect(files.notice()).toContain(`Billing Desk cannot read its settings file ${path.join(dir, 'settings.json')} (it is a folder, not a file).`);
    expect(files.notice()).toMatch(/default settings are shown, and nothing can be saved until the file can be read/);
    expect(new SettingsRepository(files.store).load()).toEqual(defaultDocument());
    let refusal: unknown;
    try {
      files.store.write(richDocument());
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserFacingError);
    expect((refusal as UserFacingError).message).toMatch(/^Nothing was saved: the settings file .* cannot be read .* What you typed is still in the form\.$/);
    expect(statSync(path.join(dir, 'settings.json')).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['settings.json']);
  });

  it('starts when settings.json may not be read (permission denied), from the last good copy, and leaves the file alone', () => {
    const dir = dataDir();
    open(dir).store.write(richDocument());
    const file = path.join(dir, 'settings.json');
    const before = readFileSync(file, 'utf8');
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
    const files = open(dir, {
      readFile: (target) => {
        if (target === file) throw denied;
        return readFileSync(target, 'utf8');
      },
      openStore: () => {
        throw denied;
      },
    });
    expect(files.notice()).toContain(`Billing Desk cannot read its settings file ${file} (permission denied).`);
    expect(files.notice()).toMatch(/the last good settings, saved .*, are shown/);
    expect(new SettingsRepository(files.store).load().provider.name).toBe('Acme APIs');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('openSettingsFiles: a disk that refuses the save (issue 10)', () => {
  it('says the disk is full, with the folder, and that the typed values are still in the form', () => {
    const dir = dataDir();
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const files = open(dir, {
      openStore: () => ({
        get store() {
          return {};
        },
        set store(_value: Record<string, unknown>) {
          throw full;
        },
      }),
    });
    let refusal: UserFacingError | undefined;
    try {
      files.store.write(richDocument());
    } catch (error) {
      refusal = error as UserFacingError;
    }
    expect(refusal?.code).toBe('disk_full');
    expect(refusal?.message).toBe(`Nothing was saved: the disk holding ${dir} is full. What you typed is still in the form; free some space, then Save again.`);
  });

  it('says the folder is not writable on a read-only disk', () => {
    const dir = dataDir();
    const readOnly = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    const files = open(dir, {
      openStore: () => ({
        get store() {
          return {};
        },
        set store(_value: Record<string, unknown>) {
          throw readOnly;
        },
      }),
    });
    expect(() => files.store.write(richDocument())).toThrow(`Nothing was saved: the folder ${dir} is on a read-only disk.`);
  });
});

describe('file modes (issue 14, finding 12)', () => {
  it('writes settings.json, its last good copy and kept-aside copies 0600 in a 0700 folder, and tightens an old 0644 file', () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(richDocument()), { mode: 0o644 });
    chmodSync(path.join(dir, 'settings.json'), 0o644);
    const files = open(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'settings.json'))).toBe(0o600);
    files.store.write({ ...richDocument(), revision: 8 });
    expect(modeOf(path.join(dir, 'settings.json'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'settings.last-good.json'))).toBe(0o600);

    writeFileSync(path.join(dir, 'settings.json'), '{"trunc', { mode: 0o644 });
    chmodSync(path.join(dir, 'settings.json'), 0o644);
    open(dir);
    for (const name of readdirSync(dir)) expect(`${name} ${modeOf(path.join(dir, name)).toString(8)}`).toBe(`${name} 600`);
  });

  it('creates settings.json 0600 through conf from the start', () => {
    const dir = dataDir();
    open(dir).store.write(richDocument());
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);
    expect(modeOf(path.join(dir, 'settings.json'))).toBe(0o600);
  });
});
