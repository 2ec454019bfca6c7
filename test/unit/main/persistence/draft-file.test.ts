import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDraft, type StoredDraft } from '../../../../main/domain/draft';
import { DraftKeeper, savedFormOf } from '../../../../main/domain/draft-keeper';
import { defaultDocument } from '../../../../main/domain/settings-document';
import { SettingsRepository } from '../../../../main/domain/settings-repository';
import { SettingsService } from '../../../../main/domain/settings-service';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { SecretVault } from '../../../../main/domain/vault';
import { writeFileAtomic } from '../../../../main/persistence/atomic-file';
import { customersCacheFile } from '../../../../main/persistence/customers-cache-file';
import { draftFile } from '../../../../main/persistence/draft-file';
import { parseApiBase } from '../../../../main/stripe/stripe-connection';
import { StripeService } from '../../../../main/stripe/stripe-service';
import { memoryStore } from '../../../support/memory-store';
import { createTestEncryptor } from '../../../support/test-encryptor';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'billing-desk-draft-'));

function draft(footnote: string): StoredDraft {
  const started = startDraft(savedFormOf(defaultDocument()), new Date('2026-11-26T10:00:00Z'));
  return { ...started, values: { 'billing.invoiceFootnote': footnote } };
}

function serviceOver(drafts: ReturnType<typeof draftFile>) {
  const vault = new SecretVault(createTestEncryptor());
  const store = memoryStore();
  const service = new SettingsService({
    repository: new SettingsRepository(store),
    vault,
    drafts: new DraftKeeper(drafts, vault, () => new Date('2026-11-26T10:00:00Z')),
    stripe: new StripeService({ connection: parseApiBase('http://127.0.0.1:9') }),
    osUser: 'finance-anna',
  });
  return { service, store };
}

async function refusal(run: () => unknown): Promise<UserFacingError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('an unreadable draft reaches the user (issue 14, finding 10)', () => {
  it('is said in the very first view, before anything asked for the draft', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'draft.json'), JSON.stringify(draft('kept')).slice(0, 60));
    const { service } = serviceOver(draftFile(dir));
    expect(service.view().storeNotice).toMatch(/^Your draft could not be read \(.*\); it was kept as draft\.json\.unreadable-.* and the saved settings are shown\.$/);
    expect(readdirSync(dir).filter((name) => name.startsWith('draft.json.unreadable-'))).toHaveLength(1);
  });
});

describe('a draft.json that is a folder (issue 14, finding 9)', () => {
  it('does not stop saves: they work, and the view says what is wrong and where', async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, 'draft.json'));
    const drafts = draftFile(dir, { retryBackoff: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' } });
    const { service } = serviceOver(drafts);
    expect(service.view().storeNotice).toBe(
      `Your draft file ${path.join(dir, 'draft.json')} cannot be read (it is a folder, not a file); it was left as it is, and edits are kept as a draft only once it can be written.`,
    );
    const saved = service.saveBilling({ ...service.view().billing, invoiceFootnote: 'Thank you' });
    expect(saved.view.billing.invoiceFootnote).toBe('Thank you');
    const error = await refusal(() => service.saveDraft({ 'billing.vatZeroText': 'Reverse charge' }));
    expect(error.code).toBe('folder_not_writable');
    expect(error.message).toContain(`${path.join(dir, 'draft.json')} is a folder or is in the way`);
    // The edit is not lost: main holds it while the file cannot be written.
    expect(service.draft()?.form['billing.vatZeroText']).toBe('Reverse charge');
    expect(statSync(path.join(dir, 'draft.json')).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    drafts.stopRetrying();
  });
});

describe('a disk that refuses the draft (issue 10: ENOSPC, EROFS)', () => {
  it('says the disk is full with the folder, keeps the draft, and writes it once space returns', async () => {
    const dir = dataDir();
    let full = true;
    const writes: string[] = [];
    const drafts = draftFile(dir, {
      retryBackoff: { baseMs: 20, maxMs: 40, jitter: 'none' },
      writeFile: (file, data) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        writeFileAtomic(file, data);
        writes.push(data);
      },
    });
    const { service } = serviceOver(drafts);
    const error = await refusal(() => service.saveDraft({ 'billing.invoiceFootnote': 'Typed while the disk was full' }));
    expect(error.code).toBe('disk_full');
    expect(error.message).toBe(
      `Your edits could not be kept as a draft: the disk holding ${dir} is full. They are still in the form, and Billing Desk keeps trying to write the draft.`,
    );
    expect(service.view().storeNotice).toBe(error.message);
    expect(service.draft()?.form['billing.invoiceFootnote']).toBe('Typed while the disk was full');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writes).toEqual([]); // still full: retried, still refused
    full = false;
    await expect.poll(() => writes.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'draft.json'), 'utf8')).values['billing.invoiceFootnote']).toBe('Typed while the disk was full');
    expect(service.view().storeNotice).toBeNull();
    drafts.stopRetrying();
  });

  it('says the folder is read-only on EROFS', async () => {
    const dir = dataDir();
    const drafts = draftFile(dir, {
      retryBackoff: { baseMs: 60_000, maxMs: 60_000, jitter: 'none' },
      writeFile: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
    });
    const error = await refusal(() => drafts.write(draft('x')));
    expect(error.code).toBe('folder_not_writable');
    expect(error.message).toContain(`the folder ${dir} is on a read-only disk`);
    drafts.stopRetrying();
  });
});

describe('file modes (issue 14, finding 12)', () => {
  it('writes draft.json, kept-aside drafts and the customers cache 0600', () => {
    const dir = dataDir();
    const drafts = draftFile(dir);
    drafts.write(draft('x'));
    expect(statSync(path.join(dir, 'draft.json')).mode & 0o777).toBe(0o600);
    writeFileSync(path.join(dir, 'draft.json'), '{"trunc', { mode: 0o644 });
    draftFile(dir).read();
    const kept = readdirSync(dir).find((name) => name.startsWith('draft.json.unreadable-')) ?? '';
    expect(statSync(path.join(dir, kept)).mode & 0o777).toBe(0o600);
    customersCacheFile(dir).write('test', { loadedAt: '2026-11-26T10:00:00Z', customers: [] });
    expect(statSync(path.join(dir, 'customers-test.json')).mode & 0o777).toBe(0o600);
  });
});
