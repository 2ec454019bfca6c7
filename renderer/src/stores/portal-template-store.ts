// The template screen's link to 3scale: where the text came from, "Open from 3scale",
// "Save as draft in 3scale", "Publish" (after a confirmation), and the choice when 3scale's
// copy changed meanwhile. The text itself lives in the template store; nothing here ever
// replaces it without the user's say, so what was typed is never lost.
import { create } from 'zustand';
import type { PortalTemplateCopy, PortalTemplateOrigin, PortalTemplateWriteResult } from '../../../common/ipc-contract';
import { bridge } from '../bridge';
import { confirm } from './confirm-store';
import { useFlashStore } from './flash-store';
import { useTemplateStore } from './template-store';

type Action = 'open' | 'draft' | 'publish';

export interface PortalConflict {
  /** What the user asked for, redone over theirs with "Keep mine". */
  action: 'draft' | 'publish';
  theirs: PortalTemplateCopy;
  ours: string;
  diff: string;
  message: string;
}

interface PortalTemplateState {
  origin: PortalTemplateOrigin | null;
  /** The text as it was loaded from or written to 3scale: whether the editor differs from it. */
  loadedSource: string | null;
  busy: Action | null;
  /** 3scale's refusal (or the network's), shown next to the buttons. */
  failure: { action: Action; message: string } | null;
  conflict: PortalConflict | null;
  openFromThreescale: () => Promise<void>;
  saveDraft: () => Promise<void>;
  publish: () => Promise<void>;
  keepMine: () => Promise<void>;
  takeTheirs: () => Promise<void>;
  cancelConflict: () => void;
}

const flash = () => useFlashStore.getState();

/** What a write sends: the fix when one is waiting, else the editor's text. */
export function textToWrite(): string {
  const { fix, source } = useTemplateStore.getState();
  return fix?.changed ? fix.output : source;
}

async function loadIntoEditor(copy: PortalTemplateCopy): Promise<void> {
  useTemplateStore.setState({ source: copy.source, fileName: 'payment-gateway-show.liquid', encoding: 'utf-8', fix: null });
  await useTemplateStore.getState().check();
}

export const usePortalTemplateStore = create<PortalTemplateState>((set, get) => {
  /** Writes `source` over `base`; a conflict is kept for the user to choose. */
  async function write(action: 'draft' | 'publish', base: PortalTemplateOrigin, source: string): Promise<void> {
    set({ busy: action, failure: null });
    // What the editor held when the write began: typing during the write is not replaced.
    const editorAtStart = useTemplateStore.getState().source;
    const request = { base: { templateId: base.templateId, version: base.version }, source };
    let result;
    try {
      result = action === 'draft' ? await bridge().savePortalTemplateDraft(request) : await bridge().publishPortalTemplate({ ...request, confirmed: true });
    } finally {
      set({ busy: null });
    }
    if (!result.ok) return set({ failure: { action, message: result.error.message } });
    await settle(action, result.value, source, editorAtStart);
  }

  async function settle(action: 'draft' | 'publish', outcome: PortalTemplateWriteResult, ours: string, editorAtStart: string): Promise<void> {
    switch (outcome.status) {
      case 'failed':
        set({ failure: { action, message: outcome.message } });
        return;
      case 'conflict':
        set({ conflict: { action, theirs: outcome.theirs, ours, diff: outcome.diff, message: outcome.message } });
        return;
      default: {
        set({ origin: outcome.origin, loadedSource: outcome.source, conflict: null });
        // The editor shows what 3scale now has (the fix, once written, is the text) — unless
        // the user typed on while it was being written: then their text stays.
        const editor = useTemplateStore.getState().source;
        if (editor === editorAtStart && editor !== outcome.source) await loadIntoEditor(outcome);
        flash().show('success', outcome.message);
      }
    }
  }

  return {
    origin: null,
    loadedSource: null,
    busy: null,
    failure: null,
    conflict: null,

    openFromThreescale: async () => {
      const { source } = useTemplateStore.getState();
      const edited = source.trim() !== '' && source !== get().loadedSource;
      if (edited && !(await confirm("Replace the text in the editor with 3scale's Payment Gateway / Show template? What you typed or opened will be gone.", { title: 'Open from 3scale' }))) {
        return;
      }
      set({ busy: 'open', failure: null });
      let result;
      try {
        result = await bridge().openPortalTemplate();
      } finally {
        set({ busy: null });
      }
      if (!result.ok) return set({ failure: { action: 'open', message: result.error.message } });
      const outcome = result.value;
      if (outcome.status === 'failed') return set({ failure: { action: 'open', message: outcome.message } });
      set({ origin: outcome.origin, loadedSource: outcome.source, conflict: null });
      await loadIntoEditor(outcome);
    },

    saveDraft: async () => {
      const origin = get().origin;
      if (origin) await write('draft', origin, textToWrite());
    },

    publish: async () => {
      const origin = get().origin;
      if (!origin) return;
      const accepted = await confirm(
        `Publish the Payment Gateway / Show template on the developer portal of ${origin.adminDomain}?\n\nDevelopers will see it at once, on the page where they enter their card.`,
        { title: 'Publish to the developer portal?' },
      );
      if (accepted) await write('publish', origin, textToWrite());
    },

    keepMine: async () => {
      const conflict = get().conflict;
      if (!conflict) return;
      set({ conflict: null });
      // Written over their version: if it changes yet again meanwhile, the user is asked again.
      await write(conflict.action, conflict.theirs.origin, conflict.ours);
    },

    takeTheirs: async () => {
      const conflict = get().conflict;
      if (!conflict) return;
      set({ conflict: null, origin: conflict.theirs.origin, loadedSource: conflict.theirs.source, failure: null });
      await loadIntoEditor(conflict.theirs);
      flash().show('info', `The editor now holds 3scale's version (${conflict.theirs.origin.updatedAt}); yours was not written.`);
    },

    cancelConflict: () => set({ conflict: null }),
  };
});
