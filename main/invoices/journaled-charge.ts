// The one way an invoice is charged, by a retry run or by "Charge now": settle every charge
// whose outcome is unknown (in either log), check the invoice right before, journal the
// send, send, read the outcome. A send whose answer was lost is reconciled once 3scale had
// time to finish it; if nothing shows yet it stays unknown until the next settle.

import type { FinanceLogChange } from '../../common/contract/finance-log';
import { redactSecrets } from '../domain/masking';
import { formatMinor } from '../shared/currency-units';
import type { StripeMode } from '../../common/stripe-keys';
import type { ChargeStep, ChargeTarget, StepResult } from './charge-step';
import { JournalWriteError, type DurableLog, type OpenCharge, type RunJournal, type SendEntry } from './run-journal';

export interface FinanceLogPort {
  (entry: { summary: string; changes: FinanceLogChange[] }): void;
}

/**
 * Writes a finance-log entry; a log that cannot be written (the same full disk as the journal,
 * often) never undoes or hides a charge: the failure is returned in words for the caller to show.
 */
export function writeFinanceLog(port: FinanceLogPort | undefined, entry: { summary: string; changes: FinanceLogChange[] }): string | null {
  if (!port) return null;
  try {
    port(entry);
    return null;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return `the finance log could not be written (${typeof code === 'string' ? code : 'error'})`;
  }
}

export interface JournaledChargeDeps {
  step: ChargeStep;
  journal: RunJournal;
  /** The Stripe mode `step` reads: only charges sent in this mode can be settled with it. */
  mode: StripeMode;
  financeLog?: FinanceLogPort | undefined;
  /** Asked after the settle and after the check: false (paused, cancelled, mode switched) sends nothing. */
  stillWanted?: () => boolean;
}

/** What a run item or a single charge says while its sent charge has no known outcome. */
export const NO_ANSWER_MESSAGE = '3scale did not answer; checked again before anything else is sent';

/** The result written for a charge found never to have reached 3scale: it may be charged again. */
export const NOT_SENT_MESSAGE = 'Not charged: checked with 3scale and Stripe after its answer was lost';

/**
 * A charge was sent, no answer came, and its outcome is unknown: neither side could be read,
 * or (`noAnswer`) nothing showed yet once the settle wait was over.
 */
export class UnsettledCharge extends Error {
  constructor(
    readonly entry: SendEntry,
    override readonly cause: unknown,
    readonly noAnswer = false,
  ) {
    super('The outcome of a charge could not be read');
    this.name = 'UnsettledCharge';
  }
}

/** An earlier charge (of any invoice, either log) has no known outcome and could not be checked now: nothing is sent. */
export class EarlierChargeUnsettled extends Error {
  constructor(
    readonly friendlyIds: string[],
    readonly reason: string,
  ) {
    super(`An earlier charge of invoice ${friendlyIds.join(', ')} has no known outcome and cannot be checked now (${reason}); nothing was charged.`);
    this.name = 'EarlierChargeUnsettled';
  }
}

/** The caller no longer wants the charge (paused, cancelled, another mode): nothing was sent. */
export class ChargeNotStarted extends Error {
  constructor() {
    super('Not started: the run was paused, cancelled or switched mode');
    this.name = 'ChargeNotStarted';
  }
}

/** Whether an open send can be settled by reading Stripe in `mode` (lines written before modes were recorded: yes). */
function settlesIn(entry: SendEntry, mode: StripeMode): boolean {
  return entry.mode === undefined || entry.mode === mode;
}

function why(error: unknown): string {
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** Reads both sides for each open charge and writes what they say; throws when any stays unknown. */
async function settleThese(deps: JournaledChargeDeps, open: OpenCharge[], holding: number | null): Promise<void> {
  const { step, journal, financeLog } = deps;
  const stuck: { friendlyId: string; reason: string }[] = [];
  const outcomes = await Promise.allSettled(
    open.map(async ({ log, entry }) => {
      // Claimed while it is read, so no run or "Charge now" sends it meanwhile; the caller's own
      // invoice is already claimed by the caller.
      const claimed = entry.id === holding ? false : journal.inFlight.claim(entry.id);
      if (entry.id !== holding && !claimed) return; // being charged (and so settled) by someone else right now
      try {
        let settled;
        try {
          settled = await step.reconcile(entry.target, entry.before, entry.at);
        } catch (error) {
          stuck.push({ friendlyId: entry.target.friendlyId, reason: why(error) });
          return;
        }
        if (settled.status === 'not_sent') {
          journal.result(log, entry.id, { status: 'pending', message: NOT_SENT_MESSAGE, paymentIntentId: null }, false);
          return;
        }
        journal.result(log, entry.id, settled, true);
        const { target } = entry;
        writeFinanceLog(financeLog, {
          summary: `Charge of invoice ${target.friendlyId} (${target.organisation ?? `account ${target.accountId}`}) ${formatMinor(target.total.amountMinor, target.total.currency)} in ${deps.mode} mode, whose result was not recorded, checked with 3scale and Stripe: ${settled.message}`,
          changes: [{ field: `invoice ${target.friendlyId}`, from: 'unknown', to: settled.status + (settled.paymentIntentId ? ` (${settled.paymentIntentId})` : '') }],
        });
      } finally {
        if (claimed) journal.inFlight.release(entry.id);
      }
    }),
  );
  // Every read returned (no claim is still held); a journal that cannot be written comes first.
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  if (stuck.length > 0) throw new EarlierChargeUnsettled(stuck.map((s) => s.friendlyId), stuck[0]?.reason ?? 'unknown');
}

/**
 * Settles every charge sent with no result written, in the run log and the single-charge log,
 * before anything else is sent. Charges in flight are left to whoever sends them, except the
 * caller's own invoice (`holding`), which the caller has claimed. A charge sent in the other
 * mode can only be read with that mode's key: it waits for that mode, and only its own
 * invoice is refused meanwhile. One settle at a time: a caller arriving meanwhile waits for
 * it, then looks again.
 */
export async function settleUnresolved(deps: JournaledChargeDeps, holding: number | null = null): Promise<void> {
  const { journal } = deps;
  for (;;) {
    if (journal.settling) {
      await journal.settling.catch(() => undefined);
      continue;
    }
    const all = journal.unresolved();
    const elsewhere = all.find(({ entry }) => entry.id === holding && !settlesIn(entry, deps.mode));
    if (elsewhere) {
      throw new EarlierChargeUnsettled([elsewhere.entry.target.friendlyId], `it was sent in ${elsewhere.entry.mode ?? 'the other'} mode; switch to that mode to have it checked`);
    }
    const open = all.filter(({ entry }) => settlesIn(entry, deps.mode) && (entry.id === holding || !journal.inFlight.has(entry.id)));
    if (open.length === 0) return;
    const settling = settleThese(deps, open, holding);
    // Others wait on a promise that never rejects; this caller gets the failure.
    journal.settling = settling
      .catch(() => undefined)
      .finally(() => {
        journal.settling = null;
      });
    await settling;
    // Loops: charges lost meanwhile by someone else are settled too before this caller sends.
  }
}

/**
 * Settle, check, journal, send, read the outcome. The caller has claimed the invoice in the
 * journal's in-flight set. A send with no answer is reconciled once 3scale had time to
 * finish it, counted from when the answer was lost; it is never sent again in the same pass.
 * Once the send is journaled, anything but an answer leaves the charge open (UnsettledCharge)
 * and a journal that cannot be written stops everything (JournalWriteError).
 */
export async function chargeWithJournal(
  deps: JournaledChargeDeps,
  log: DurableLog,
  target: ChargeTarget,
  alone = false,
): Promise<{ result: StepResult; charged: boolean }> {
  const { step, journal } = deps;
  const wanted = () => deps.stillWanted?.() ?? true;
  await settleUnresolved(deps, target.invoiceId);
  if (!wanted()) throw new ChargeNotStarted();
  const check = await step.check(target, alone);
  if (check.kind === 'skip') return { result: { status: 'skipped', message: check.message, paymentIntentId: null }, charged: false };
  if (!wanted()) throw new ChargeNotStarted();
  journal.sending(log, target, check.before, Date.now(), deps.mode);
  const sentAt = Date.now();
  const entry = (at: number): SendEntry => ({ e: 'send', id: target.invoiceId, at, before: check.before, target, mode: deps.mode });
  let answer;
  try {
    answer = await step.send(target);
  } catch {
    return settleLostAnswer(deps, log, target, check.before, entry);
  }
  try {
    return { result: await step.outcome(target, answer), charged: answer.kind !== 'not_chargeable' };
  } catch (error) {
    throw new UnsettledCharge(entry(sentAt), error);
  }
}

/** 3scale may still be working on a charge whose answer was lost: the settle wait starts now. */
async function settleLostAnswer(
  deps: JournaledChargeDeps,
  log: DurableLog,
  target: ChargeTarget,
  before: string[],
  entry: (at: number) => SendEntry,
): Promise<{ result: StepResult; charged: boolean }> {
  const { step, journal } = deps;
  const lostAt = Date.now();
  markLost(journal, log, target.invoiceId, lostAt);
  let settled;
  try {
    settled = await step.reconcile(target, before, lostAt);
  } catch (error) {
    if (error instanceof JournalWriteError) throw error;
    throw new UnsettledCharge(entry(lostAt), error);
  }
  if (settled.status === 'not_sent') {
    // Nothing shows yet: the next settle waits a full settle time again before calling it not sent.
    markLost(journal, log, target.invoiceId, Date.now());
    throw new UnsettledCharge(entry(lostAt), new Error(NO_ANSWER_MESSAGE), true);
  }
  return { result: settled, charged: true };
}

/** Best effort: if the line cannot be written the send's own time stands (an earlier, shorter wait). */
function markLost(journal: RunJournal, log: DurableLog, invoiceId: number, at: number): void {
  try {
    journal.lost(log, invoiceId, at);
  } catch {
    // The result line will fail the same way and stop the run; the send stays open.
  }
}
