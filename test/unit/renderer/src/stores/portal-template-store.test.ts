// The template screen's 3scale store against a fake bridge: what is written (the fix when
// one waits), the publish confirmation, the conflict's three answers, and the text kept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PortalTemplateCopy, PortalTemplateOrigin, TemplateCheckView } from '../../../../../common/ipc-contract';
import { fakeBridge, ok, type BridgeHandlers, type FakeBridge } from '../../../../support/fake-bridge';

let bridge: FakeBridge | null = null;

afterEach(() => {
  vi.unstubAllGlobals();
  expect(bridge?.unexpected ?? []).toEqual([]);
  bridge = null;
});

const origin = (change: Partial<PortalTemplateOrigin> = {}): PortalTemplateOrigin => ({
  adminDomain: 'acme-admin.3scale.net',
  templateId: 17,
  title: "Show User's Payment Details",
  loaded: 'published',
  updatedAt: '2026-12-02T10:00:00Z',
  version: 'v1',
  hasUnpublishedDraft: false,
  ...change,
});
const copy = (source: string, change: Partial<PortalTemplateOrigin> = {}): PortalTemplateCopy => ({ source, origin: origin(change) });
const report: TemplateCheckView = { ok: true, allHaveStripe: false, error: null, caseBlocks: [], messages: [], problems: [], warnings: [] };

async function screen(handlers: BridgeHandlers = {}) {
  bridge = fakeBridge({
    checkTemplate: () => ok(report),
    previewTemplate: () => ok({ html: '<p>preview</p>' }),
    openPortalTemplate: () => ok({ status: 'opened' as const, ...copy('OLD') }),
    ...handlers,
  });
  vi.resetModules();
  vi.stubGlobal('window', { billingDesk: bridge.api });
  const { usePortalTemplateStore } = await import('../../../../../renderer/src/stores/portal-template-store');
  const { useTemplateStore } = await import('../../../../../renderer/src/stores/template-store');
  const { useConfirmStore } = await import('../../../../../renderer/src/stores/confirm-store');
  const { useFlashStore } = await import('../../../../../renderer/src/stores/flash-store');
  return {
    bridge,
    portal: () => usePortalTemplateStore.getState(),
    template: () => useTemplateStore.getState(),
    setTemplate: (state: Partial<ReturnType<typeof useTemplateStore.getState>>) => useTemplateStore.setState(state),
    confirmation: () => useConfirmStore.getState().pending,
    answer: (yes: boolean) => useConfirmStore.getState().answer(yes),
    flash: () => useFlashStore.getState().flash,
  };
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 50 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('portal template store', () => {
  it('opens into the editor, and asks before replacing text the user typed', async () => {
    const s = await screen();
    await s.portal().openFromThreescale();
    expect(s.template().source).toBe('OLD');
    expect(s.portal().origin?.templateId).toBe(17);

    s.setTemplate({ source: 'typed by hand' });
    const opening = s.portal().openFromThreescale();
    await waitFor(() => s.confirmation() !== null);
    expect(s.confirmation()?.text).toContain('What you typed or opened will be gone');
    s.answer(false);
    await opening;
    expect(s.template().source).toBe('typed by hand');
    expect(s.bridge.argsOf('openPortalTemplate')).toHaveLength(1);
  });

  it('saves the fix waiting on screen as the draft, over the opened version', async () => {
    const s = await screen({ savePortalTemplateDraft: () => ok({ status: 'saved' as const, ...copy('FIXED', { loaded: 'draft', version: 'v2' }), message: 'Saved as draft' }) });
    await s.portal().openFromThreescale();
    s.setTemplate({ fix: { ok: true, changed: true, output: 'FIXED', notes: [], diff: '+x', verified: true } });
    await s.portal().saveDraft();
    expect(s.bridge.argsOf('savePortalTemplateDraft')).toEqual([[{ base: { templateId: 17, version: 'v1' }, source: 'FIXED' }]]);
    expect(s.portal().origin).toMatchObject({ loaded: 'draft', version: 'v2' });
    expect(s.template().source).toBe('FIXED');
    expect(s.flash()?.message).toBe('Saved as draft');
  });

  it('keeps what the user typed while the draft was being written', async () => {
    let answer!: (value: unknown) => void;
    const s = await screen({
      savePortalTemplateDraft: () =>
        new Promise((resolve) => {
          answer = resolve;
        }) as never,
    });
    await s.portal().openFromThreescale();
    s.setTemplate({ source: 'MINE' });
    const saving = s.portal().saveDraft();
    s.setTemplate({ source: 'MINE, typed on' });
    answer({ ok: true, value: { status: 'saved', ...copy('MINE', { loaded: 'draft', version: 'v2' }), message: 'Saved as draft' } });
    await saving;
    expect(s.template().source).toBe('MINE, typed on');
    expect(s.portal().origin?.version).toBe('v2');
  });

  it('publishes only after the confirmation naming the portal', async () => {
    const s = await screen({ publishPortalTemplate: () => ok({ status: 'published' as const, ...copy('OLD', { version: 'v3' }), message: 'Published' }) });
    await s.portal().openFromThreescale();
    let publishing = s.portal().publish();
    await waitFor(() => s.confirmation() !== null);
    expect(s.confirmation()?.text).toContain('on the developer portal of acme-admin.3scale.net?');
    expect(s.confirmation()?.text).toContain('Developers will see it at once');
    s.answer(false);
    await publishing;
    expect(s.bridge.argsOf('publishPortalTemplate')).toHaveLength(0);

    publishing = s.portal().publish();
    await waitFor(() => s.confirmation() !== null);
    s.answer(true);
    await publishing;
    expect(s.bridge.argsOf('publishPortalTemplate')).toEqual([[{ base: { templateId: 17, version: 'v1' }, source: 'OLD', confirmed: true }]]);
  });

  it('a conflict: cancel writes nothing, keep mine writes over theirs, take theirs loads theirs', async () => {
    const theirs = copy('THEIRS', { loaded: 'draft', version: 'v9', updatedAt: '2026-12-02T10:05:00Z' });
    const s = await screen({ savePortalTemplateDraft: () => ok({ status: 'conflict' as const, theirs, diff: '-THEIRS\n+MINE', message: 'changed in 3scale' }) });
    await s.portal().openFromThreescale();
    s.setTemplate({ source: 'MINE' });
    await s.portal().saveDraft();
    expect(s.portal().conflict).toMatchObject({ action: 'draft', ours: 'MINE', diff: '-THEIRS\n+MINE' });
    s.portal().cancelConflict();
    expect(s.portal().conflict).toBeNull();
    expect(s.template().source).toBe('MINE');

    await s.portal().saveDraft();
    s.bridge.answer({ savePortalTemplateDraft: () => ok({ status: 'saved' as const, ...copy('MINE', { loaded: 'draft', version: 'v10' }), message: 'Saved' }) });
    await s.portal().keepMine();
    expect(s.bridge.argsOf('savePortalTemplateDraft').at(-1)).toEqual([{ base: { templateId: 17, version: 'v9' }, source: 'MINE' }]);
    expect(s.portal().origin?.version).toBe('v10');

    s.bridge.answer({ savePortalTemplateDraft: () => ok({ status: 'conflict' as const, theirs, diff: '', message: 'changed in 3scale' }) });
    await s.portal().saveDraft();
    await s.portal().takeTheirs();
    expect(s.template().source).toBe('THEIRS');
    expect(s.portal().origin).toMatchObject({ version: 'v9', loaded: 'draft' });
  });

  it("shows 3scale's refusal next to the action and keeps the text", async () => {
    const s = await screen({ savePortalTemplateDraft: () => ok({ status: 'failed' as const, kind: 'missing_scope' as const, message: 'may not change (403)' }) });
    await s.portal().openFromThreescale();
    s.setTemplate({ source: 'MINE' });
    await s.portal().saveDraft();
    expect(s.portal().failure).toEqual({ action: 'draft', message: 'may not change (403)' });
    expect(s.template().source).toBe('MINE');
    expect(s.portal().busy).toBeNull();
  });
});
