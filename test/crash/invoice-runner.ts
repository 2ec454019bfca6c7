// Child process of the invoices crash test: the app's own Invoices feature against the
// test servers the parent runs. With no run in the journal it loads the month, plans and
// starts a retry run; with an interrupted one it resumes it (reconciling first). Says
// "ready" once charging is under way and "done <status>" at the end; the parent kills it
// with SIGKILL at random moments in between.
import { createInvoicesFeature } from '../../main/invoices/invoices-feature';

interface Args {
  journalDir: string;
  stripePort: number;
  stripeKey: string;
  threescaleUrl: string;
  adminDomain: string;
  token: string;
  providerId: string;
  month: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const feature = createInvoicesFeature({
  connection: { host: '127.0.0.1', port: args.stripePort, protocol: 'http' },
  activeKey: () => ({ mode: 'test', secretKey: args.stripeKey }),
  activeMode: () => 'test',
  threescale: () => ({ adminDomain: args.adminDomain, accessToken: args.token }),
  providerId: () => args.providerId,
  threescaleBaseUrl: args.threescaleUrl,
  journalDir: args.journalDir,
  // In-flight charges of a killed process finish in 3scale within this (latency and charge delay are short).
  tuning: { threescaleRequestsPerSecond: 400, stripeRequestsPerSecond: 400, settleMs: 250, timeoutMs: 5000, concurrency: 6 },
});

async function main(): Promise<void> {
  const existing = feature.runs.view();
  if (existing && (existing.status === 'done' || existing.status === 'cancelled')) {
    process.stdout.write(`done ${existing.status}\n`);
    process.exit(0);
  }
  if (existing) {
    feature.runs.resume();
  } else {
    feature.screen.load({ month: args.month, state: null, search: '' });
    while (feature.screen.view().status === 'loading') await new Promise((resolve) => setTimeout(resolve, 5));
    const plan = feature.runs.plan(null);
    feature.runs.start(plan.planId, null);
  }
  process.stdout.write('ready\n');
  await feature.runs.settled();
  process.stdout.write(`done ${feature.runs.view()?.status ?? 'none'}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
