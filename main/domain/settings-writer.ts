// The one writer of the settings document. Every change is a function applied to the
// CURRENT document, synchronously (load, apply, save with nothing awaited in between),
// so no caller can write back a copy it read before waiting for Stripe. A change may
// refuse itself (a conflict with what was saved meanwhile) by throwing.

import type { FinanceLogChange } from '../../common/ipc-contract';
import type { DraftKeeper } from './draft-keeper';
import type { SettingsDocument } from './settings-document';
import type { SettingsRepository } from './settings-repository';

/** What a change did to the document it was given. */
export type ChangeOutcome<T> =
  /** A change the finance log records: new revision, one log entry. */
  | { kind: 'logged'; summary: string; changes: FinanceLogChange[]; result: T; savedPaths?: readonly string[] }
  /** Stored without a log entry or a new revision (a verification result, not a setting). */
  | { kind: 'quiet'; result: T; savedPaths?: readonly string[] }
  /** Nothing to store. */
  | { kind: 'none'; result: T };

export interface WriterDeps {
  repository: SettingsRepository;
  drafts: DraftKeeper;
  osUser: string;
  now: () => Date;
  /** Told when the draft could not follow a save (the save itself stands). */
  onDraftProblem?: (error: unknown) => void;
}

export class SettingsWriter {
  constructor(private readonly deps: WriterDeps) {}

  /** The current document, for reading only: a copy, so that holding it changes nothing. */
  read(): SettingsDocument {
    return this.deps.repository.load();
  }

  /**
   * Applies a change to the current document and stores it. `change` must not await:
   * its result is stored at once. A logged change with an empty list of changes is
   * stored as "nothing changed".
   */
  apply<T>(change: (doc: SettingsDocument) => ChangeOutcome<T>): { doc: SettingsDocument; result: T } {
    const doc = this.deps.repository.load();
    const outcome = change(doc);
    if (outcome.kind === 'none' || (outcome.kind === 'logged' && outcome.changes.length === 0)) {
      return { doc: this.deps.repository.load(), result: outcome.result };
    }
    if (outcome.kind === 'logged') {
      doc.revision += 1;
      doc.financeLog.push({ at: this.deps.now().toISOString(), user: this.deps.osUser, summary: outcome.summary, changes: outcome.changes });
    }
    this.deps.repository.save(doc);
    try {
      this.deps.drafts.afterSave(doc, outcome.savedPaths ?? []);
    } catch (error) {
      // The settings are saved; a draft that cannot follow is told, not a failed save.
      this.deps.onDraftProblem?.(error);
    }
    return { doc, result: outcome.result };
  }
}
