// Template benchmark: the checker's and the fixer's time and memory on a 1 MB template
// (many gateway case blocks lacking Stripe, as in issue 14's findings 3 and 13), and the
// CLI checking 100 files in one process. `--quick`: 50 KB and 10 files, one run (npm test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTemplate } from '../../main/template/checker';
import { fixTemplate } from '../../main/template/fixer';

const quick = process.argv.includes('--quick');
const size = quick ? 50_000 : 1_000_000;
const files = quick ? 10 : 100;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const block = [
  '{% case provider.payment_gateway.type %}',
  '{% when "braintree_blue" %}',
  '  {% braintree_customer_form %}',
  '{% when "authorize_net" %}',
  '  {% authorize_net_form "Edit Credit Card Details" %}',
  '{% endcase %}',
  '',
].join('\n');
const multiLine = block.repeat(Math.ceil(size / block.length));
const oneLine = block.replace(/\n/g, '').repeat(Math.ceil(size / block.replace(/\n/g, '').length));

function measure(label: string, run: () => unknown): void {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  console.log(
    `${label}: ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, heap +${((peak - heapBefore) / 1e6).toFixed(0)} MB (at least), RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}

const kb = (text: string): string => `${(text.length / 1024).toFixed(0)} KB`;
for (const [name, source] of [
  ['multi-line', multiLine],
  ['one-line', oneLine],
] as const) {
  measure(`check ${name} ${kb(source)}`, () => checkTemplate(source));
  measure(`fix ${name} ${kb(source)}`, () => {
    const result = fixTemplate(source);
    if (!result.verified) throw new Error('the fix did not verify');
  });
}

// The CLI over many files in one process.
const folder = mkdtempSync(path.join(tmpdir(), 'billing-desk-bench-'));
try {
  const corpus = ['default', 'portal-layout', 'portal-applications', 'portal-email', 'portal-payment-gateway-show'].map((name) =>
    readFileSync(path.join(root, 'test/templates', `${name}.liquid`), 'utf8'),
  );
  for (let i = 0; i < files; i++) writeFileSync(path.join(folder, `t${i}.liquid`), corpus[i % corpus.length] ?? '');
  const start = performance.now();
  const cli = spawnSync(process.execPath, [path.join(root, 'bin/billing-desk-template.mjs'), 'check', folder], { encoding: 'utf8' });
  const wall = performance.now() - start;
  if (cli.status !== 0) throw new Error(`the CLI failed: ${cli.stderr}`);
  console.log(`CLI check of ${files} files in one process (start-up included): ${wall.toFixed(0)} ms`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
