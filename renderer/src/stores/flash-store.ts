// The page's flash message, like 3scale's notices above the content.
import { create } from 'zustand';

export interface Flash {
  variant: 'success' | 'danger' | 'warning' | 'info';
  message: string;
  /** Bumped on every show, so that the same text twice still re-announces. */
  id: number;
}

interface FlashState {
  flash: Flash | null;
  show: (variant: Flash['variant'], message: string) => void;
  clear: () => void;
}

let nextId = 1;

export const useFlashStore = create<FlashState>((set) => ({
  flash: null,
  show: (variant, message) => set({ flash: { variant, message, id: nextId++ } }),
  clear: () => set({ flash: null }),
}));
