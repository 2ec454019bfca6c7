// Promise-based confirmations shown as modal dialogs: `await confirm(text)` is true on
// OK, false on Cancel or Escape. One dialog at a time, like the browser's confirm().
import { create } from 'zustand';

export interface ConfirmOptions {
  /** A heading for confirmations of our own; 3scale's dialogs have none. */
  title?: string;
  /** OK styled as dangerous, for what moves real money. */
  danger?: boolean;
}

interface PendingConfirmation extends ConfirmOptions {
  text: string;
  resolve: (accepted: boolean) => void;
}

interface ConfirmState {
  pending: PendingConfirmation | null;
  answer: (accepted: boolean) => void;
}

export const useConfirmStore = create<ConfirmState>((set, get) => ({
  pending: null,
  answer: (accepted) => {
    const pending = get().pending;
    if (!pending) return;
    set({ pending: null });
    pending.resolve(accepted);
  },
}));

export function confirm(text: string, options: ConfirmOptions = {}): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirmStore.getState().pending?.resolve(false);
    useConfirmStore.setState({ pending: { ...options, text, resolve } });
  });
}
