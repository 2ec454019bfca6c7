/**
 * Runs the fake 3scale admin API for manual use (127.0.0.1 only):
 *
 *   npx tsx test/threescale-server/cli.ts [--port N] [--token VALUE]… [--latency MS]
 *
 * Every --token gets the finance, account_management and cms scopes (read-write); without one, a
 * token is made up. Seeds a provider "Acme API" (acme-admin.3scale.net), two buyer accounts, an
 * unpaid invoice and the "Payment Gateway / Show" builtin page. Prints the URL on the first line of
 * stdout, then one `token <value>` line per token. Stops on SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { PAYMENT_GATEWAY_SHOW, startFakeThreescale } from './server';

const USAGE = 'usage: tsx test/threescale-server/cli.ts [--port N] [--token VALUE]… [--latency MS]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const tokens: string[] = [];
let port = 0;
let latencyMs = 0;
for (let i = 0; i < args.length; i += 1) {
  const flag = args[i];
  const value = args[i + 1];
  if (flag === '--port' && value && /^\d+$/.test(value)) port = Number(value);
  else if (flag === '--latency' && value && /^\d+$/.test(value)) latencyMs = Number(value);
  else if (flag === '--token' && value) tokens.push(value);
  else if (flag === '--help' || flag === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else fail(`unknown or incomplete argument: ${String(flag)}`);
  i += 1;
}
if (tokens.length === 0) tokens.push(randomBytes(16).toString('hex'));

const fake = await startFakeThreescale({ port, tokens: tokens.map((value) => ({ value, scopes: ['finance', 'account_management', 'cms'] })) });
fake.setFaults({ latencyMs });
const buyer = await fake.seedAccount({ orgName: 'Globex Developers' });
await fake.seedAccount({ orgName: 'Initech', state: 'pending' });
fake.seedInvoice({ buyerAccountId: buyer.id, state: 'unpaid' });
fake.seedTemplate({ type: 'builtin_page', systemName: PAYMENT_GATEWAY_SHOW, title: 'Payment Gateway / Show', published: '<p>Payment details</p>' });
process.stdout.write(`${fake.url}\n${tokens.map((token) => `token ${token}`).join('\n')}\n`);

const shutdown = (): void => {
  void fake.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
