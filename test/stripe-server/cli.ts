/**
 * Runs the fake Stripe server for manual use and benchmarks (127.0.0.1 only):
 *
 *   npx tsx test/stripe-server/cli.ts [--port N] [--key sk_test_…]… [--latency MS] [--rate-limit N]
 *
 * Prints the URL on the first line of stdout, then one `key <secret>` line per key. Without --key, one
 * sk_test_ and one sk_live_ key are made up. Stops on SIGINT/SIGTERM.
 */
import { randomAlphanumeric } from './errors';
import { startFakeStripe } from './server';
import type { FakeKey } from './server';

const USAGE = 'usage: tsx test/stripe-server/cli.ts [--port N] [--key sk_test_…]… [--latency MS] [--rate-limit N]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(flag: string, value: string | undefined, min: number, max: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    fail(`${flag} needs an integer from ${min} to ${max}`);
  }
  return parsed;
}

const args = process.argv.slice(2);
const keys: FakeKey[] = [];
let port = 0;
let latencyMs = 0;
let rateLimitPerSecond: number | null = null;
for (let i = 0; i < args.length; i += 1) {
  const flag = args[i];
  const value = args[i + 1];
  switch (flag) {
    case '--port':
      port = integer(flag, value, 0, 65_535);
      i += 1;
      break;
    case '--key':
      if (!value) fail('--key needs a key');
      keys.push({ secret: value });
      i += 1;
      break;
    case '--latency':
      latencyMs = integer(flag, value, 0, 60_000);
      i += 1;
      break;
    case '--rate-limit':
      rateLimitPerSecond = integer(flag, value, 1, 100_000);
      i += 1;
      break;
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
      break;
    default:
      fail(`unknown argument: ${String(flag)}`);
  }
}
if (keys.length === 0) {
  keys.push({ secret: `sk_test_${randomAlphanumeric(24)}` }, { secret: `sk_live_${randomAlphanumeric(24)}` });
}

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
try {
  fake = await startFakeStripe({ keys, port });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
fake.setFaults({ latencyMs, rateLimitPerSecond });
process.stdout.write(`${fake.url}\n${keys.map((key) => `key ${key.secret}`).join('\n')}\n`);

const shutdown = (): void => {
  void fake.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
