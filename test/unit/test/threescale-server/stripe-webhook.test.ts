// The fake 3scale charging as porta does, with its Stripe webhook: a retry confirms the
// invoice's latest PaymentIntent that did not succeed; a payment the developer authenticates
// later marks the invoice paid through the webhook — unless the webhook is dropped, when
// the invoice stays unpaid in 3scale while Stripe has the money.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInvoiceWorld, type InvoiceWorld } from '../../../support/invoice-world';

describe("the 3scale test server's charging and Stripe webhook", { timeout: 30_000 }, () => {
  let world: InvoiceWorld;
  beforeEach(async () => {
    world = await startInvoiceWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('confirms the same PaymentIntent on a retry and records every attempt as a transaction', async () => {
    const account = await world.account({ orgName: 'Initech', card: 'pm_card_chargeCustomerFail' });
    const invoice = world.invoice(account, { cost: 50 });
    expect(await world.chargeIn3scale(invoice.id)).toBe(422);
    world.replaceCard(account, 'pm_card_visa');
    expect(await world.chargeIn3scale(invoice.id)).toBe(200);
    const intents = world.stripe.paymentIntents('test').filter((pi) => pi.metadata['order_id'] === String(invoice.id));
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: 'succeeded', description: `Acme API API services ${invoice.friendlyId}`, amount: 5000 });
    const transactions = world.threescale.world.transactions.filter((t) => t.invoiceId === invoice.id);
    expect(transactions.map((t) => [t.success, t.reference, t.message])).toEqual([
      // A declined attempt's reference is the failed charge (ActiveMerchant's error.charge).
      [false, expect.stringMatching(/^ch_/), 'Your card was declined.'],
      [true, intents[0]?.id, 'Transaction approved'],
    ]);
    expect(invoice.state).toBe('paid');
  });

  it('marks the invoice paid when the developer authenticates, and not when the webhook is dropped', async () => {
    const heard = await world.account({ orgName: 'Stark', card: 'pm_card_authenticationRequired' });
    const missed = await world.account({ orgName: 'Wayne', card: 'pm_card_authenticationRequired' });
    const [a, b] = [world.invoice(heard), world.invoice(missed)];
    for (const invoice of [a, b]) expect(await world.chargeIn3scale(invoice.id)).toBe(422);
    const intentOf = (id: number) => world.stripe.paymentIntents('test').find((pi) => pi.metadata['order_id'] === String(id))?.id ?? '';
    world.stripe.authenticatePaymentIntent(intentOf(a.id));
    expect(a.state).toBe('paid');
    expect(world.threescale.world.transactions.filter((t) => t.invoiceId === a.id).at(-1)).toMatchObject({ success: true, message: 'Payment confirmed' });
    world.threescale.setFaults({ dropWebhooks: true });
    world.stripe.authenticatePaymentIntent(intentOf(b.id));
    expect(b.state).toBe('unpaid');
    expect(world.stripe.paymentIntents('test').find((pi) => pi.id === intentOf(b.id))?.status).toBe('succeeded');
  });
});
