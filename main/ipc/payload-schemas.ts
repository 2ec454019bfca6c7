// Shape checks of every IPC request, applied in main before any handler runs. Values
// are checked for shape and size here; their meaning (a known currency, a filled-in
// field) is the domain's job, so that the user gets a message next to the field.

import { z } from 'zod';
import { BILLING_MODES, NUMBERING_PERIODS } from '../../common/billing-options';
import { GATEWAY_IDS } from '../../common/gateways';
import type { IpcChannel } from '../../common/ipc-contract';
import { STRIPE_MODES } from '../../common/stripe-keys';
import { TEMPLATE_MAX_CHARS } from '../../common/template-limits';

const MAX_TEXT = 10_000;
const numberingPeriods = NUMBERING_PERIODS.map((p) => p.id) as [string, ...string[]];

const billingSettings = z.strictObject({
  chargingEnabled: z.boolean(),
  currency: z.string().max(16),
  invoiceFootnote: z.string().max(MAX_TEXT),
  vatZeroText: z.string().max(MAX_TEXT),
  numberingPeriod: z.enum(numberingPeriods),
});

const KEY_MAX = 500;
const keySet = z.strictObject({
  login: z.string().max(KEY_MAX),
  publishable_key: z.string().max(KEY_MAX),
  endpoint_secret: z.string().max(KEY_MAX),
});

const gatewaySave = z.strictObject({
  type: z.enum(GATEWAY_IDS).nullable(),
  values: z
    .record(z.string().regex(/^[a-z_]{1,40}$/), z.union([z.string().max(MAX_TEXT), z.boolean()]))
    .refine((v) => Object.keys(v).length <= 20, 'too many fields'),
  stripeKeySets: z.strictObject({ test: keySet, live: keySet }).optional(),
  confirmedGatewayChange: z.boolean(),
});

const flatForm = z
  .record(z.string().regex(/^[a-z]+(?:\.[a-z_A-Z]+){1,2}$/), z.union([z.string().max(MAX_TEXT), z.boolean()]))
  .refine((v) => Object.keys(v).length <= 60, 'too many fields');

/** A portal template is small; a megabyte is far beyond any real one (the renderer says so before sending). */
const templateSource = z.string().max(TEMPLATE_MAX_CHARS);

export const PAYLOAD_SCHEMAS: Record<IpcChannel, z.ZodType> = {
  'settings:get': z.null(),
  'billing:save': billingSettings,
  'billing-mode:switch': z.strictObject({ to: z.enum(BILLING_MODES) }),
  'provider:save': z.strictObject({ accountId: z.string().max(100), name: z.string().max(1000) }),
  'gateway:save': gatewaySave,
  'finance-log:list': z.null(),
  'stripe:verify': z.strictObject({ mode: z.enum(STRIPE_MODES), keys: keySet }),
  'stripe-mode:switch': z.strictObject({ to: z.enum(STRIPE_MODES), confirmed: z.boolean() }),
  'stripe-webhook:create': z.strictObject({
    adminDomain: z.string().max(300),
    accessToken: z.string().max(KEY_MAX),
    onExisting: z.enum(['ask', 'replace', 'use']),
  }),
  'draft:get': z.null(),
  'draft:save': z.strictObject({ form: flatForm }),
  'draft:discard': z.null(),
  'draft:resolve': z.strictObject({
    choices: z.record(z.string().max(80), z.enum(['saved', 'draft'])).refine((v) => Object.keys(v).length <= 60),
  }),
  'connectivity:get': z.null(),
  'connectivity:check': z.null(),
  'template:open': z.null(),
  'template:check': z.strictObject({ source: templateSource }),
  'template:fix': z.strictObject({ source: templateSource, fileName: z.string().max(255) }),
  'template:preview': z.strictObject({ source: templateSource, hasBillingAddress: z.boolean() }),
  'template:save': z.strictObject({ source: templateSource, suggestedName: z.string().min(1).max(255) }),
  'clipboard:write': z.strictObject({ text: templateSource }),
  'customers:get': z.null(),
  'customers:load': z.null(),
  'customers:cancel': z.null(),
  'customers:export': z.null(),
  'customers:open-dashboard': z.strictObject({ customerId: z.string().max(80) }),
};
