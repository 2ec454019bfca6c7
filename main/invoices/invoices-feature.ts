// Builds the Invoices feature from the app's settings: the sessions (clients and rate
// gates), the journal in the app's data folder, the screen and the runs.

import type { InvoicesLoadState, RunView } from '../../common/contract/invoices';
import type { StripeMode } from '../../common/stripe-keys';
import { InvoiceRuns } from './invoice-runs';
import { InvoicesScreen } from './invoices-screen';
import { SessionFactory, type SessionSettings } from './invoices-session';
import type { FinanceLogPort } from './journaled-charge';
import { RunJournal } from './run-journal';

export interface InvoicesFeatureDeps extends SessionSettings {
  /** The folder of the run journal (the app's data folder). */
  journalDir: string;
  activeMode: () => StripeMode;
  now?: () => Date;
  onLoadChange?: (state: InvoicesLoadState) => void;
  onRunChange?: (view: RunView) => void;
  financeLog?: FinanceLogPort;
}

export interface InvoicesFeature {
  screen: InvoicesScreen;
  runs: InvoiceRuns;
  activeMode: () => StripeMode;
}

export function createInvoicesFeature(deps: InvoicesFeatureDeps): InvoicesFeature {
  const sessions = new SessionFactory(deps);
  const journal = new RunJournal(deps.journalDir);
  const common = {
    sessions,
    journal,
    activeMode: deps.activeMode,
    providerId: deps.providerId,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.financeLog ? { financeLog: deps.financeLog } : {}),
  };
  const screen = new InvoicesScreen({ ...common, ...(deps.onLoadChange ? { onLoadChange: deps.onLoadChange } : {}) });
  const runs = new InvoiceRuns({ ...common, screen, ...(deps.onRunChange ? { onRunChange: deps.onRunChange } : {}) });
  return { screen, runs, activeMode: deps.activeMode };
}
