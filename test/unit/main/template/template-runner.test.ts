// The template worker: checks, fixes and previews run off main's event loop, bounded in
// time, memory and output, and a newer preview cancels an older one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateJobError, TemplateRunner } from '../../../../main/template/template-runner';

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');
const corpus = (name: string): string => readFileSync(path.join(CORPUS, `${name}.liquid`), 'utf8');

// Starting a worker from TypeScript source takes seconds on a busy machine; the job clocks start once it is up.
const runner = new TemplateRunner({ previewTimeoutMs: 10_000 });
afterAll(() => runner.close());

describe('TemplateRunner', { timeout: 120_000 }, () => {
  it('checks, fixes and previews in a worker, with the same results as the pure functions', async () => {
    const report = await runner.check(corpus('legacy-braintree-authorize'));
    expect(report.ok && report.allHaveStripe).toBe(false);
    const fixed = await runner.fix(corpus('legacy-braintree-authorize'), 'legacy.liquid');
    expect(fixed.output).toBe(corpus('legacy-braintree-authorize.fixed'));
    const html = await runner.renderPreview(corpus('default'), { hasBillingAddress: true });
    expect(html).toContain('[3scale Stripe card form: Edit Credit Card Details]');
  });

  it('keeps main responsive while a megabyte is checked', async () => {
    const block = '{% case provider.payment_gateway.type %}{% when "braintree_blue" %}{% braintree_customer_form %}{% endcase %}\n';
    const large = block.repeat(Math.ceil(1_000_000 / block.length));
    await runner.check('warm-up');
    let ticks = 0;
    const interval = setInterval(() => ticks++, 5);
    const report = await runner.check(large);
    clearInterval(interval);
    expect(report.ok).toBe(true);
    // Checked on main, the check would have run in one piece and the interval would not have fired once.
    expect(ticks).toBeGreaterThan(2);
  });

  it('stops a preview bomb with a clear message, and the next preview works', async () => {
    const bomb = '{% assign s = "xxxxxxxxxxxxxxxx" %}{% for i in (1..24) %}{% assign s = s | append: s %}{% endfor %}' + '{{ s }}'.repeat(40);
    const failure = runner.renderPreview(bomb, { hasBillingAddress: true });
    await expect(failure).rejects.toBeInstanceOf(TemplateJobError);
    await expect(failure).rejects.toThrow(/The preview was stopped/);
    expect(await runner.renderPreview(corpus('default'), { hasBillingAddress: false })).toContain('After entering billing address');
  });

  it('ends a preview that runs past its time limit, in its worker', async () => {
    const quick = new TemplateRunner({ previewTimeoutMs: 300 });
    try {
      await quick.renderPreview('warm-up', { hasBillingAddress: true });
      const endless = '{% for i in (1..100000000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}';
      // The worker's clock (300 ms) or, on a machine too busy to fire it in time, liquidjs's own 2 s render limit.
      await expect(quick.renderPreview(endless, { hasBillingAddress: true })).rejects.toThrow(/was stopped/);
      expect(await quick.renderPreview('after', { hasBillingAddress: true })).toBe('after');
    } finally {
      await quick.close();
    }
  });

  it('cancels an older preview when a newer one comes', async () => {
    const slow = `{% for i in (1..2000000) %}{% endfor %}${corpus('default')}`;
    const older = runner.renderPreview(slow, { hasBillingAddress: true });
    const newer = runner.renderPreview(corpus('default'), { hasBillingAddress: false });
    await expect(older).rejects.toMatchObject({ reason: 'cancelled', message: 'A newer preview replaced this one.' });
    expect(await newer).toContain('After entering billing address');
  });
});
