// A charge whose answer was lost: the settle wait counts from the loss, and the invoice is
// never sent again in the same pass (its outcome stays unknown until the next settle).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargeWithJournal, NO_ANSWER_MESSAGE, UnsettledCharge } from '../../../../main/invoices/journaled-charge';
import { RunJournal } from '../../../../main/invoices/run-journal';
import { fakeStep, payment, target, type FakeWorld } from './fake-charge-step';

const journal = () => new RunJournal(mkdtempSync(path.join(os.tmpdir(), 'lost-answer-')));

describe('chargeWithJournal with a lost answer', () => {
  it('waits the settle time from when the answer was lost, and sees what 3scale did meanwhile', async () => {
    let sends = 0;
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = async () => {
      sends += 1;
      await new Promise((r) => setTimeout(r, 150));
      // 3scale goes on after the answer was lost: the PaymentIntent appears 60 ms later.
      setTimeout(() => (world.payments = [payment('pi_late', 'succeeded')]), 60);
      throw new Error('timeout');
    };
    const j = journal();
    const outcome = await chargeWithJournal({ step: fakeStep(world, 120), journal: j, mode: 'test' }, j.log, target);
    expect(outcome).toMatchObject({ charged: true, result: { status: 'paid', paymentIntentId: 'pi_late' } });
    expect(sends).toBe(1);
  });

  it('never sends again in the same pass when nothing shows: the outcome stays unknown', async () => {
    let sends = 0;
    const world: FakeWorld = { state: 'unpaid', payments: [] };
    world.charge = () => {
      sends += 1;
      return Promise.reject(new Error('socket hang up'));
    };
    const j = journal();
    const error = await chargeWithJournal({ step: fakeStep(world, 10), journal: j, mode: 'test' }, j.log, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsettledCharge);
    expect((error as UnsettledCharge).noAnswer).toBe(true);
    expect((error as UnsettledCharge).cause).toMatchObject({ message: NO_ANSWER_MESSAGE });
    expect(sends).toBe(1);
    expect(j.read()).toBeNull(); // no run: the send line is in the run log, still unresolved
  });
});
