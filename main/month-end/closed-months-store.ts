// The months kept with "Close month": one JSON file per mode and month in the app's data
// folder, written atomically (a crash leaves the old closing or the new one, never half).
// A file that cannot be read is reported rather than silently treated as "not closed".

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClosedMonth } from '../../common/contract/month-end';
import type { StripeMode } from '../../common/stripe-keys';
import { UserFacingError } from '../domain/user-facing-error';
import { writeFileAtomic } from '../persistence/atomic-file';

const FILE = /^(test|live)-(\d{4}-\d{2})\.json$/;

export class ClosedMonthsStore {
  constructor(private readonly directory: string) {}

  private file(mode: StripeMode, month: string): string {
    return path.join(this.directory, `${mode}-${month}.json`);
  }

  save(closed: ClosedMonth): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file(closed.mode, closed.month), JSON.stringify(closed));
  }

  read(mode: StripeMode, month: string): ClosedMonth | null {
    let text: string;
    try {
      text = readFileSync(this.file(mode, month), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new UserFacingError('store_unreadable', `The closing of ${month} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    try {
      const closed = JSON.parse(text) as ClosedMonth;
      if (closed.month !== month || closed.mode !== mode || !closed.report) throw new Error('shape');
      return closed;
    } catch {
      throw new UserFacingError('store_unreadable', `The closing of ${month} kept in ${this.file(mode, month)} is damaged; close the month again to replace it.`);
    }
  }

  /** The months closed in a mode, newest first. */
  months(mode: StripeMode): string[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return [];
    }
    return names
      .map((name) => FILE.exec(name))
      .filter((match): match is RegExpExecArray => match !== null && match[1] === mode)
      .map((match) => match[2] as string)
      .sort()
      .reverse();
  }
}
