// Shape checks of every IPC request, applied in main before any handler runs. Values
// are checked for shape and size here; their meaning (a known currency, a filled-in
// field) is the domain's job, so that the user gets a message next to the field.

import { z } from 'zod';
import { BILLING_MODES, NUMBERING_PERIODS } from '../../common/billing-options';
import { GATEWAY_IDS } from '../../common/gateways';
import type { IpcChannel } from '../../common/ipc-contract';

const MAX_TEXT = 10_000;
const numberingPeriods = NUMBERING_PERIODS.map((p) => p.id) as [string, ...string[]];

const billingSettings = z.strictObject({
  chargingEnabled: z.boolean(),
  currency: z.string().max(16),
  invoiceFootnote: z.string().max(MAX_TEXT),
  vatZeroText: z.string().max(MAX_TEXT),
  numberingPeriod: z.enum(numberingPeriods),
});

const gatewaySave = z.strictObject({
  type: z.enum(GATEWAY_IDS).nullable(),
  values: z
    .record(z.string().regex(/^[a-z_]{1,40}$/), z.union([z.string().max(MAX_TEXT), z.boolean()]))
    .refine((v) => Object.keys(v).length <= 20, 'too many fields'),
  confirmedGatewayChange: z.boolean(),
});

export const PAYLOAD_SCHEMAS: Record<IpcChannel, z.ZodType> = {
  'settings:get': z.null(),
  'billing:save': billingSettings,
  'billing-mode:switch': z.strictObject({ to: z.enum(BILLING_MODES) }),
  'gateway:save': gatewaySave,
  'finance-log:list': z.null(),
};
