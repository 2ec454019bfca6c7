// The payment gateways of 3scale's "Credit card gateway" card: ids, option texts and
// field labels word for word. Main uses it to know which fields are secret; the
// renderer to draw the form.

export type GatewayId = 'stripe' | 'braintree_blue' | 'authorize_net';

export interface GatewayField {
  key: string;
  label: string;
  kind: 'text' | 'checkbox';
  /** Never shown again once saved: kept encrypted in main, masked in the UI. */
  secret: boolean;
  hint?: string;
}

export interface GatewayDefinition {
  id: GatewayId;
  label: string;
  /** Offered only while it is the saved gateway. */
  deprecated: boolean;
  fields: readonly GatewayField[];
}

export const GATEWAYS: readonly GatewayDefinition[] = [
  {
    id: 'stripe',
    label: 'Stripe',
    deprecated: false,
    fields: [
      { key: 'login', label: 'Secret Key', kind: 'text', secret: true },
      { key: 'publishable_key', label: 'Publishable Key', kind: 'text', secret: false },
      { key: 'endpoint_secret', label: 'Webhook Signing Secret', kind: 'text', secret: true },
    ],
  },
  {
    id: 'braintree_blue',
    label: 'Braintree (Blue Platform)',
    deprecated: false,
    fields: [
      { key: 'public_key', label: 'Public Key', kind: 'text', secret: false },
      { key: 'merchant_id', label: 'Merchant ID', kind: 'text', secret: false },
      { key: 'private_key', label: 'Private Key', kind: 'text', secret: true },
      {
        key: 'three_ds_enabled',
        label: '3D Secure enabled',
        kind: 'checkbox',
        secret: false,
        hint: 'Make sure your Braintree account has 3D Secure enabled before you enable it here as otherwise payments initiated from the developer portal will fail.',
      },
    ],
  },
  {
    id: 'authorize_net',
    label: 'Authorize.Net',
    deprecated: true,
    fields: [
      { key: 'login', label: 'LoginID', kind: 'text', secret: false },
      { key: 'password', label: 'Transaction Key', kind: 'text', secret: true },
    ],
  },
];

export const GATEWAY_IDS = GATEWAYS.map((g) => g.id) as [GatewayId, ...GatewayId[]];

export function gatewayDefinition(id: GatewayId): GatewayDefinition {
  const found = GATEWAYS.find((g) => g.id === id);
  if (!found) throw new Error(`Unknown gateway ${id}`);
  return found;
}

/** 3scale's wording: the id with its first letter capitalised ("Authorize_net"). */
export function deprecationWarning(id: GatewayId): string {
  const name = id.charAt(0).toUpperCase() + id.slice(1);
  return `The ${name} gateway has been deprecated. It can still be used but you won't be able to switch back to it once you confirmed the switch to another gateway.`;
}
