// A retry run over 300 invoices, killed with SIGKILL at random moments 50 times and resumed
// each time (a new process reading the journal), against test servers that outlive it and
// finish whatever it had sent. In the end every invoice is in a final state, 3scale and the
// journal agree, and no invoice has two succeeded PaymentIntents.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { RunJournal } from '../../../../main/invoices/run-journal';
import { startInvoiceWorld, WORLD_STRIPE_KEY, WORLD_TOKEN, type InvoiceWorld, type TestCard } from '../../../support/invoice-world';
import { THREESCALE_PROVIDER } from '../../../support/threescale-fixtures';
import { seededRandom } from '../../../support/seeded-random';

const INVOICES = 300;
const KILLS = 50;
const MONTH = new Date().toISOString().slice(0, 7);

async function bundleRunner(): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'invoice-runner-')), 'invoice-runner.mjs');
  const result = await build({
    entryPoints: ['test/crash/invoice-runner.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
  });
  writeFileSync(out, result.outputFiles[0]?.text ?? '');
  return out;
}

function life(runner: string, args: string, killAfterMs: number | null): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
    let output = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfterMs !== null && output.includes('ready')) timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ killed: true, output });
      else if (code === 0) resolve({ killed: false, output });
      else reject(new Error(`runner exited with ${code}: ${stderr}`));
    });
  });
}

describe('a retry run killed with SIGKILL', () => {
  let world: InvoiceWorld | null = null;
  afterAll(async () => {
    await world?.stop();
  });

  it(`ends with every one of ${INVOICES} invoices final and none charged twice, after ${KILLS} kills`, { timeout: 300_000 }, async () => {
    world = await startInvoiceWorld();
    const random = seededRandom(12);
    const cards: TestCard[] = ['pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_visa', 'pm_card_chargeCustomerFail', 'pm_card_chargeDeclinedInsufficientFunds', 'pm_card_authenticationRequired'];
    for (let i = 0; i < INVOICES; i += 1) {
      const account = await world.account({ orgName: `Developer ${i}`, card: cards[Math.floor(random() * cards.length)] ?? 'pm_card_visa' });
      world.invoice(account, { cost: 5 + (i % 40), period: MONTH });
    }
    // Every request takes a little while, and a charge longer, so kills land mid-request too.
    world.threescale.setFaults({ latencyMs: 3, chargeDelayMs: 15 });
    world.stripe.setFaults({ latencyMs: 2 });
    const journalDir = mkdtempSync(path.join(os.tmpdir(), 'invoice-crash-'));
    const args = JSON.stringify({
      journalDir,
      stripePort: world.stripe.port,
      stripeKey: WORLD_STRIPE_KEY,
      threescaleUrl: world.threescale.url,
      adminDomain: THREESCALE_PROVIDER.adminDomain,
      token: WORLD_TOKEN,
      providerId: String(THREESCALE_PROVIDER.id),
      month: MONTH,
    });
    const runner = await bundleRunner();

    let kills = 0;
    let diedWithChargesInFlight = 0;
    while (kills < KILLS) {
      const outcome = await life(runner, args, Math.floor(random() * 250));
      if (!outcome.killed) break; // the run ended before this kill
      kills += 1;
      if ((new RunJournal(journalDir).read()?.state.unresolved.size ?? 0) > 0) diedWithChargesInFlight += 1;
    }
    const last = await life(runner, args, null);
    expect(last.output).toMatch(/done done/);
    expect(kills).toBe(KILLS);
    // The kills did land between "sent" and "answered", so recovery was exercised.
    expect(diedWithChargesInFlight).toBeGreaterThan(5);

    const read = new RunJournal(journalDir).read();
    expect(read?.run.status).toBe('done');
    expect(read?.run.items).toHaveLength(INVOICES);
    expect(read?.state.unresolved.size).toBe(0);
    const finals = new Set(['paid', 'declined', 'needs_action', 'skipped', 'failed']);
    for (const item of read?.run.items ?? []) {
      const result = read?.state.results.get(item.invoiceId);
      expect(result && finals.has(result.status), `invoice ${item.invoiceId}: ${result?.status}`).toBe(true);
      const invoice = world.threescale.world.invoices.get(item.invoiceId);
      if (result?.status === 'paid') expect(invoice?.state).toBe('paid');
      if (invoice?.state === 'paid') expect(['paid', 'skipped']).toContain(result?.status);
    }
    const succeeded = world.succeededByInvoice();
    for (const [invoice, ids] of succeeded) expect(ids, `invoice ${invoice}`).toHaveLength(1);
    expect([...succeeded.keys()].length).toBeGreaterThan(INVOICES / 2);
  });
});
