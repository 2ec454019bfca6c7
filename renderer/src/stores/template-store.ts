// The developer portal template screen: the text, main's report on it, the fix, the preview.
import { create } from 'zustand';
import type { TemplateCheckView, TemplateFixView } from '../../../common/ipc-contract';
import type { TemplateEncoding } from '../../../common/template-encodings';
import { TEMPLATE_MAX_CHARS, templateTooLargeMessage } from '../../../common/template-limits';
import { bridge } from '../bridge';
import { confirm } from './confirm-store';
import { useFlashStore } from './flash-store';

interface TemplateState {
  fileName: string;
  source: string;
  /** The opened file's encoding, kept when the fix is saved; UTF-8 for pasted text. */
  encoding: TemplateEncoding;
  report: TemplateCheckView | null;
  /** Why the text was not checked (too large), shown next to the field. */
  sourceError: string | null;
  fix: TemplateFixView | null;
  preview: { hasBillingAddress: boolean; html: string | null; error: string | null };
  edit: (source: string) => void;
  open: () => Promise<void>;
  check: () => Promise<void>;
  addStripeBranch: () => Promise<void>;
  useFixed: () => void;
  copyFixed: () => Promise<void>;
  saveFixed: () => Promise<void>;
  showPreview: (hasBillingAddress: boolean) => Promise<void>;
}

const flash = () => useFlashStore.getState();
let checkTimer: ReturnType<typeof setTimeout> | null = null;
// Answers arrive out of order when the user types on: only the latest request's answer is shown.
let checkSeq = 0;
let previewSeq = 0;

export const useTemplateStore = create<TemplateState>((set, get) => ({
  fileName: 'payment-gateway-show.liquid',
  source: '',
  encoding: 'utf-8',
  report: null,
  sourceError: null,
  fix: null,
  preview: { hasBillingAddress: true, html: null, error: null },

  edit: (source) => {
    set({ source, fix: null });
    // Checked as the user pastes or types, a moment after the last key.
    if (checkTimer) clearTimeout(checkTimer);
    checkTimer = setTimeout(() => void get().check(), 300);
  },

  open: async () => {
    const result = await bridge().openTemplate();
    if (!result.ok) return flash().show('danger', result.error.message);
    if (!result.value) return;
    set({ fileName: result.value.fileName, source: result.value.source, encoding: result.value.encoding, fix: null });
    await get().check();
  },

  check: async () => {
    const { source } = get();
    const seq = ++checkSeq;
    if (source.trim() === '' || source.length > TEMPLATE_MAX_CHARS) {
      previewSeq++;
      set({
        report: null,
        sourceError: source.length > TEMPLATE_MAX_CHARS ? templateTooLargeMessage(source.length) : null,
        preview: { ...get().preview, html: null, error: null },
      });
      return;
    }
    const result = await bridge().checkTemplate(source);
    if (seq !== checkSeq) return;
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ report: result.value, sourceError: null });
    await get().showPreview(get().preview.hasBillingAddress);
  },

  addStripeBranch: async () => {
    const { source, fileName } = get();
    const result = await bridge().fixTemplate(source, fileName);
    if (!result.ok) return flash().show('danger', result.error.message);
    set({ fix: result.value });
  },

  useFixed: () => {
    const fix = get().fix;
    if (!fix?.changed) return;
    set({ source: fix.output, fix: null });
    void get().check();
  },

  copyFixed: async () => {
    const fix = get().fix;
    if (!fix) return;
    const result = await bridge().copyText(fix.output);
    if (result.ok) flash().show('success', 'The fixed template was copied to the clipboard.');
    else flash().show('danger', result.error.message);
  },

  saveFixed: async () => {
    const { fix, fileName, encoding } = get();
    if (!fix) return;
    const suggested = fileName.replace(/(\.[^.]+)?$/, '.fixed$1');
    let result = await bridge().saveTemplate(fix.output, suggested, { encoding, convertToUtf8: false });
    // The fix holds a character the file's encoding cannot: say so before anything is written.
    if (!result.ok && result.error.code === 'conversion_required') {
      if (!(await confirm(result.error.message, { title: 'Save as UTF-8?' }))) return;
      result = await bridge().saveTemplate(fix.output, suggested, { encoding, convertToUtf8: true });
    }
    if (!result.ok) return flash().show('danger', result.error.message);
    if (result.value) flash().show('success', `The fixed template was saved to ${result.value.savedTo}.`);
  },

  showPreview: async (hasBillingAddress) => {
    const seq = ++previewSeq;
    set({ preview: { hasBillingAddress, html: null, error: null } });
    const { source, report } = get();
    if (!report?.ok) return;
    const result = await bridge().previewTemplate(source, hasBillingAddress);
    // A newer preview was asked for meanwhile (main cancels the older render).
    if (seq !== previewSeq) return;
    set({
      preview: result.ok
        ? { hasBillingAddress, html: result.value.html, error: null }
        : { hasBillingAddress, html: null, error: result.error.message },
    });
  },
}));
