/**
 * The ledger's endpoints: balance transactions (`payout`, `type`, `source`, `currency`, `created`
 * filters; `expand[]=data.source`), charges, refunds (list, retrieve, create), disputes and
 * payouts (`arrival_date`, `created`, `status` filters). Lists are newest first, as Stripe's.
 */
import { invalidRequest, resourceMissing } from './errors';
import { ledgerOf } from './ledger';
import type { ChargeRecord, Ledger } from './ledger';
import { renderBalanceTransaction, renderCharge, renderDispute, renderPayout, renderRefund, resolveLedgerObject } from './ledger-render';
import { refundCharge } from './ledger-operations';
import { createdParam, int, list, listParams, mergeMetadata, str } from './resources';
import type { Params, RequestContext, Route } from './resources';
import type { CreatedRange } from './store';

function inRange(value: number, range: CreatedRange | undefined): boolean {
  if (!range) return true;
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}

function rangeParam(params: Params, key: string): CreatedRange | undefined {
  return createdParam({ created: params[key] });
}

/** `expand[]` over the ledger's own ids, before the generic expansion sees the result. */
function expandLedger(ctx: RequestContext, body: Record<string, unknown>): Record<string, unknown> {
  const expand = ctx.params['expand'];
  if (!Array.isArray(expand)) return body;
  const now = ctx.now();
  const visit = (node: unknown, path: string[]): void => {
    const [head, ...rest] = path;
    if (head === undefined || node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (head === 'data' && Array.isArray(record['data'])) {
      for (const item of record['data']) visit(item, rest);
      return;
    }
    let value = record[head];
    if (typeof value === 'string') {
      const found = resolveLedgerObject(ctx.store, value, now);
      if (found) record[head] = value = found;
    }
    if (rest.length > 0) visit(value, rest);
  };
  for (const path of expand) if (typeof path === 'string') visit(body, path.split('.').slice(0, 4));
  return body;
}

function charge(ledger: Ledger, id: string, param: string, status = 404): ChargeRecord {
  const found = ledger.charges.get(id);
  if (!found) throw resourceMissing('charge', id, param, status);
  return found;
}

function listBalanceTransactions(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const { balanceTransactions } = ledger;
  const paging = listParams(ctx.params, balanceTransactions, 'balance_transaction');
  const payout = str(ctx.params, 'payout');
  if (payout !== undefined && !ledger.payouts.get(payout)) throw resourceMissing('payout', payout, 'payout', 400);
  const type = str(ctx.params, 'type');
  const source = str(ctx.params, 'source');
  const currency = str(ctx.params, 'currency')?.toLowerCase();
  const created = createdParam(ctx.params);
  const page = balanceTransactions.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (txn) =>
      (payout === undefined || txn.payout === payout) &&
      (type === undefined || txn.type === type) &&
      (source === undefined || txn.source === source) &&
      (currency === undefined || txn.currency === currency),
  });
  const now = ctx.now();
  return expandLedger(ctx, list('/v1/balance_transactions', page.data.map((txn) => renderBalanceTransaction(txn, now)), page.hasMore));
}

function retrieveBalanceTransaction(ctx: RequestContext): unknown {
  const id = ctx.pathParams['id'] ?? '';
  const txn = ledgerOf(ctx.store).balanceTransactions.get(id);
  if (!txn) throw resourceMissing('balance_transaction', id, 'id');
  return expandLedger(ctx, renderBalanceTransaction(txn, ctx.now()));
}

function listCharges(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const paging = listParams(ctx.params, ledger.charges, 'charge');
  const customer = str(ctx.params, 'customer');
  const intent = str(ctx.params, 'payment_intent');
  const created = createdParam(ctx.params);
  const page = ledger.charges.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (c) => (customer === undefined || c.customer === customer) && (intent === undefined || c.paymentIntent === intent),
  });
  return expandLedger(ctx, list('/v1/charges', page.data.map((c) => renderCharge(ledger, c)), page.hasMore));
}

function retrieveCharge(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  return expandLedger(ctx, renderCharge(ledger, charge(ledger, ctx.pathParams['charge'] ?? '', 'charge')));
}

function createRefund(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const chargeId = str(ctx.params, 'charge');
  const intentId = str(ctx.params, 'payment_intent');
  let target: ChargeRecord;
  if (chargeId !== undefined) target = charge(ledger, chargeId, 'charge', 400);
  else if (intentId !== undefined) {
    const intent = ctx.store.paymentIntents.get(intentId);
    if (!intent) throw resourceMissing('payment_intent', intentId, 'payment_intent', 400);
    const latest = intent.latestCharge ? ledger.charges.get(intent.latestCharge) : undefined;
    if (intent.status !== 'succeeded' || !latest) {
      throw invalidRequest(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, { param: 'payment_intent' });
    }
    target = latest;
  } else {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  }
  const amount = int(ctx.params, 'amount');
  const reason = str(ctx.params, 'reason') as 'duplicate' | 'fraudulent' | 'requested_by_customer' | undefined;
  const refund = refundCharge(ledger, target, {
    created: ctx.now(),
    metadata: mergeMetadata({}, ctx.params['metadata']),
    ...(amount !== undefined ? { amount } : {}),
    ...(reason !== undefined ? { reason } : {}),
  });
  return renderRefund(refund);
}

function listRefunds(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const paging = listParams(ctx.params, ledger.refunds, 'refund');
  const chargeId = str(ctx.params, 'charge');
  const intent = str(ctx.params, 'payment_intent');
  const created = createdParam(ctx.params);
  const page = ledger.refunds.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (r) => (chargeId === undefined || r.charge === chargeId) && (intent === undefined || r.paymentIntent === intent),
  });
  return expandLedger(ctx, list('/v1/refunds', page.data.map(renderRefund), page.hasMore));
}

function retrieveRefund(ctx: RequestContext): unknown {
  const id = ctx.pathParams['refund'] ?? '';
  const refund = ledgerOf(ctx.store).refunds.get(id);
  if (!refund) throw resourceMissing('refund', id, 'refund');
  return expandLedger(ctx, renderRefund(refund));
}

function listDisputes(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const paging = listParams(ctx.params, ledger.disputes, 'dispute');
  const chargeId = str(ctx.params, 'charge');
  const intent = str(ctx.params, 'payment_intent');
  const created = createdParam(ctx.params);
  const page = ledger.disputes.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (d) => (chargeId === undefined || d.charge === chargeId) && (intent === undefined || d.paymentIntent === intent),
  });
  return expandLedger(ctx, list('/v1/disputes', page.data.map((d) => renderDispute(d, ledger)), page.hasMore));
}

function retrieveDispute(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const id = ctx.pathParams['dispute'] ?? '';
  const dispute = ledger.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id, 'dispute');
  return expandLedger(ctx, renderDispute(dispute, ledger));
}

function listPayouts(ctx: RequestContext): unknown {
  const ledger = ledgerOf(ctx.store);
  const paging = listParams(ctx.params, ledger.payouts, 'payout');
  const created = createdParam(ctx.params);
  const arrival = rangeParam(ctx.params, 'arrival_date');
  const status = str(ctx.params, 'status');
  const now = ctx.now();
  const page = ledger.payouts.page({
    ...paging,
    ...(created ? { created } : {}),
    filter: (p) => inRange(p.arrivalDate, arrival) && (status === undefined || (p.arrivalDate <= now ? 'paid' : 'in_transit') === status),
  });
  return expandLedger(ctx, list('/v1/payouts', page.data.map((p) => renderPayout(p, now)), page.hasMore));
}

function retrievePayout(ctx: RequestContext): unknown {
  const id = ctx.pathParams['payout'] ?? '';
  const payout = ledgerOf(ctx.store).payouts.get(id);
  if (!payout) throw resourceMissing('payout', id, 'payout');
  return expandLedger(ctx, renderPayout(payout, ctx.now()));
}

export const LEDGER_ROUTES: readonly Route[] = [
  { method: 'GET', template: '/v1/balance_transactions', permission: 'balance_read', handle: listBalanceTransactions },
  { method: 'GET', template: '/v1/balance_transactions/{id}', permission: 'balance_read', handle: retrieveBalanceTransaction },
  { method: 'GET', template: '/v1/charges', permission: 'charges_read', handle: listCharges },
  { method: 'GET', template: '/v1/charges/{charge}', permission: 'charges_read', handle: retrieveCharge },
  { method: 'POST', template: '/v1/refunds', permission: 'refunds_write', handle: createRefund },
  { method: 'GET', template: '/v1/refunds', permission: 'refunds_read', handle: listRefunds },
  { method: 'GET', template: '/v1/refunds/{refund}', permission: 'refunds_read', handle: retrieveRefund },
  { method: 'GET', template: '/v1/disputes', permission: 'disputes_read', handle: listDisputes },
  { method: 'GET', template: '/v1/disputes/{dispute}', permission: 'disputes_read', handle: retrieveDispute },
  { method: 'GET', template: '/v1/payouts', permission: 'payouts_read', handle: listPayouts },
  { method: 'GET', template: '/v1/payouts/{payout}', permission: 'payouts_read', handle: retrievePayout },
];
