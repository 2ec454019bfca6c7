import { describe, expect, it } from 'vitest';
import { flattenForm, unflattenForm } from '../../../../common/draft-form';
import { DraftKeeper, savedFormOf } from '../../../../main/domain/draft-keeper';
import { mergeDraft, startDraft, type SavedForm } from '../../../../main/domain/draft';
import { defaultDocument } from '../../../../main/domain/settings-document';
import { SecretVault } from '../../../../main/domain/vault';
import { memoryDraftStore } from '../../../../main/persistence/draft-file';
import { createTestEncryptor } from '../../../support/test-encryptor';

const now = () => new Date('2026-11-26T10:00:00Z');

function saved(revision: number, patch: Record<string, string | boolean> = {}, sealed: Record<string, string | null> = {}): SavedForm {
  const base = savedFormOf(defaultDocument());
  return { revision, form: { ...base.form, ...patch }, sealed: { ...base.sealed, ...sealed } };
}

describe('the flat form', () => {
  it('round-trips every field of the form', () => {
    const form = unflattenForm(savedFormOf(defaultDocument()).form);
    form.billing.invoiceFootnote = 'Thanks';
    form.gatewayType = 'braintree_blue';
    form.gatewayValues.braintree_blue = { public_key: 'p', merchant_id: 'm', private_key: 'secret', three_ds_enabled: true };
    form.stripeKeys.live.publishable_key = 'pk_live_x';
    form.webhook.adminDomain = 'acme-admin.3scale.net';
    expect(unflattenForm(flattenForm(form))).toEqual(form);
  });
});

describe('mergeDraft', () => {
  it('shows the draft’s edits and lists what differs', () => {
    const draft = startDraft(saved(3), now());
    draft.values['billing.invoiceFootnote'] = 'Pay in 30 days';
    const merged = mergeDraft(draft, saved(3));
    expect(merged.form['billing.invoiceFootnote']).toBe('Pay in 30 days');
    expect(merged.differences).toEqual(['billing.invoiceFootnote']);
    expect(merged.conflicts).toEqual([]);
  });

  it('takes a value saved meanwhile where the draft did not edit it, instead of undoing it', () => {
    const draft = startDraft(saved(3), now());
    draft.values['billing.invoiceFootnote'] = 'Pay in 30 days';
    draft.values['billing.currency'] = 'USD'; // the form sends every field; this one is unedited
    const merged = mergeDraft(draft, saved(4, { 'billing.currency': 'EUR' }));
    expect(merged.form['billing.currency']).toBe('EUR');
    expect(merged.differences).toEqual(['billing.invoiceFootnote']);
    expect(merged.conflicts).toEqual([]);
  });

  it('reports a conflict where both changed the same field differently, and none where they agree', () => {
    const draft = startDraft(saved(3), now());
    draft.values['billing.vatZeroText'] = 'Reverse charge';
    draft.values['billing.invoiceFootnote'] = 'Same';
    const merged = mergeDraft(draft, saved(4, { 'billing.vatZeroText': 'VAT exempt', 'billing.invoiceFootnote': 'Same' }));
    expect(merged.conflicts).toEqual(['billing.vatZeroText']);
    expect(merged.form['billing.vatZeroText']).toBe('Reverse charge');
    expect(merged.differences).toEqual(['billing.vatZeroText']);
  });

  it('reports a drafted secret as a conflict when the saved one was replaced since', () => {
    const draft = startDraft(saved(3, {}, { 'stripe.test.login': 'sealed:v1:old' }), now());
    draft.sealedSecrets['stripe.test.login'] = 'sealed:v1:typed';
    expect(mergeDraft(draft, saved(3, {}, { 'stripe.test.login': 'sealed:v1:old' })).conflicts).toEqual([]);
    expect(mergeDraft(draft, saved(4, {}, { 'stripe.test.login': 'sealed:v1:new' })).conflicts).toEqual(['stripe.test.login']);
  });
});

describe('DraftKeeper', () => {
  const setUp = () => {
    const store = memoryDraftStore();
    const keeper = new DraftKeeper(store, new SecretVault(createTestEncryptor()), now);
    return { store, keeper, doc: defaultDocument() };
  };

  it('keeps nothing while the form equals the saved settings', () => {
    const { keeper, store, doc } = setUp();
    expect(keeper.save(savedFormOf(doc).form, doc)).toBeNull();
    expect(store.current).toBeNull();
  });

  it('seals typed secrets, shows them masked, and never returns them', () => {
    const { keeper, store, doc } = setUp();
    const form = { ...savedFormOf(doc).form, 'gateway.type': 'stripe', 'stripe.test.login': 'sk_test_FAKEFAKEFAKEFAKE0000004242' };
    const view = keeper.save(form, doc);
    expect(view?.draftSecretMasks).toEqual({ 'stripe.test.login': 'sk_test_…4242' });
    expect(view?.form['stripe.test.login']).toBe('');
    expect(JSON.stringify(view)).not.toContain('FAKE0000004242');
    expect(JSON.stringify(store.current)).not.toContain('FAKE0000004242');
    expect(keeper.draftSecret('stripe.test.login')).toBe('sk_test_FAKEFAKEFAKEFAKE0000004242');
    // The form sends the secret field back empty: the drafted secret stays.
    keeper.save({ ...form, 'stripe.test.login': '' }, doc);
    expect(keeper.draftSecret('stripe.test.login')).toBe('sk_test_FAKEFAKEFAKEFAKE0000004242');
    expect(view?.needsStripe).toBe(true);
  });

  it('never writes a secret key pasted into a plain field', () => {
    const { keeper, store, doc } = setUp();
    keeper.save({ ...savedFormOf(doc).form, 'stripe.test.publishable_key': 'sk_test_FAKEFAKEFAKEFAKE0000004242', 'billing.vatZeroText': 'x' }, doc);
    expect(JSON.stringify(store.current)).not.toContain('FAKE0000004242');
    expect(store.current?.values['billing.vatZeroText']).toBe('x');
  });

  it('forgets what a save took over, and the draft once nothing differs', () => {
    const { keeper, store, doc } = setUp();
    keeper.save({ ...savedFormOf(doc).form, 'billing.invoiceFootnote': 'Thanks' }, doc);
    doc.billing.invoiceFootnote = 'Thanks';
    doc.revision += 1;
    keeper.afterSave(doc, []);
    expect(store.current).toBeNull();
  });

  it('resolves conflicts with the user’s choices and starts again from the saved state', () => {
    const { keeper, doc } = setUp();
    keeper.save({ ...savedFormOf(doc).form, 'billing.vatZeroText': 'Mine', 'billing.invoiceFootnote': 'Mine too' }, doc);
    doc.billing.vatZeroText = 'Theirs';
    doc.billing.invoiceFootnote = 'Theirs too';
    doc.revision += 1;
    expect(keeper.view(doc)?.conflicts.map((c) => c.path)).toEqual(['billing.invoiceFootnote', 'billing.vatZeroText']);
    const view = keeper.resolve({ 'billing.vatZeroText': 'saved', 'billing.invoiceFootnote': 'draft' }, doc);
    expect(view?.conflicts).toEqual([]);
    expect(view?.differences.map((d) => [d.path, d.saved, d.draft])).toEqual([['billing.invoiceFootnote', 'Theirs too', 'Mine too']]);
  });
});
