// Drafts: every edit reaches main within a second (debounced), so that quitting, a crash
// or a power cut loses at most that second of typing. Main keeps the draft; this module
// only sends the form and keeps main's answer.
import { flattenForm, type FormState } from '../../../../common/draft-form';
import type { BillingDeskApi, DraftView } from '../../../../common/ipc-contract';

export const DRAFT_DELAY_MS = 400;

/** What a flush did: sent the form, had nothing to send (not loaded yet), or failed (the user was told). */
export type DraftFlush = 'sent' | 'nothing' | 'failed';

export interface DraftSyncHost {
  api(): BillingDeskApi;
  form(): FormState | null;
  keep(draft: DraftView | null): void;
  warn(message: string): void;
}

export interface DraftSync {
  /** Starts sending edits, once the form holds the saved settings and any restored draft. */
  enable(): void;
  /** Sends the form after DRAFT_DELAY_MS without edits. */
  schedule(): void;
  /** Sends the form now, dropping a scheduled send; never throws. */
  flush(): Promise<DraftFlush>;
  /** Drops a scheduled send (before the draft is discarded). */
  cancel(): void;
  /** Reads main's draft again, e.g. after a save rebased it. */
  refresh(): Promise<void>;
}

const NOT_KEPT = 'Your latest edits could not be kept as a draft';

export function createDraftSync(host: DraftSyncHost): DraftSync {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let enabled = false;

  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  async function flush(): Promise<DraftFlush> {
    cancel();
    const form = host.form();
    if (!form || !enabled) return 'nothing';
    try {
      const result = await host.api().saveDraft(flattenForm(form));
      if (result.ok) {
        host.keep(result.value);
        return 'sent';
      }
      // Say so when the draft cannot be kept (e.g. no way to encrypt a typed secret).
      host.warn(`${NOT_KEPT}: ${result.error.message}`);
    } catch (error) {
      console.error('Sending the draft failed', error);
      host.warn(`${NOT_KEPT} because of an unexpected error; they are still in the form.`);
    }
    return 'failed';
  }

  return {
    enable: () => {
      enabled = true;
    },
    schedule: () => {
      if (!enabled) return;
      cancel();
      timer = setTimeout(() => void flush(), DRAFT_DELAY_MS);
    },
    flush,
    cancel,
    refresh: async () => {
      const result = await host.api().getDraft();
      if (result.ok) host.keep(result.value);
    },
  };
}
