// The template screen's link to 3scale: "Open from 3scale" reads the builtin page
// "Payment Gateway / Show" through the Developer Portal API; "Save as draft in 3scale" and
// "Publish" write it back, but only over the version that was opened: when 3scale's copy
// changed meanwhile, nothing is written and both versions come back for the user to choose.

import { channel, type Zod } from '../ipc/define';
import { TEMPLATE_MAX_CHARS } from '../template-limits';
import type { ThreescaleFailureKind } from './threescale';
import { TEMPLATE_MAX_PAYLOAD_BYTES } from './template';

/** porta's system name of the builtin page (app/models/cms/builtin.rb). */
export const PAYMENT_GATEWAY_SHOW_SYSTEM_NAME = 'accounts/payment_gateways/show';

/** Where the text in the editor came from, and the version of it in 3scale. */
export interface PortalTemplateOrigin {
  /** The admin portal, e.g. "acme-admin.3scale.net". */
  adminDomain: string;
  templateId: number;
  /** The page's title in 3scale (porta: "Show User's Payment Details"). */
  title: string;
  /** Which of 3scale's two texts is in the editor: the draft when there is one, else the published one. */
  loaded: 'draft' | 'published';
  /** 3scale's updated_at of this version (ISO 8601). */
  updatedAt: string;
  /** main's fingerprint of 3scale's draft and published texts at this version. */
  version: string;
  /** Whether 3scale holds a draft that is not published yet. */
  hasUnpublishedDraft: boolean;
}

/** 3scale's copy, as read: where it is and the text the editor gets. */
export interface PortalTemplateCopy {
  origin: PortalTemplateOrigin;
  source: string;
}

export type PortalTemplateFailure = {
  status: 'failed';
  kind: ThreescaleFailureKind | 'not_connected' | 'no_template' | 'no_content';
  /** Plain words, safe to show: never the token. */
  message: string;
};

export type PortalTemplateOpenResult = ({ status: 'opened' } & PortalTemplateCopy) | PortalTemplateFailure;

export type PortalTemplateWriteResult =
  | ({ status: 'saved' | 'published' } & PortalTemplateCopy & { message: string })
  /** 3scale's copy changed since `base`: nothing was written. `diff` goes from theirs to ours. */
  | { status: 'conflict'; theirs: PortalTemplateCopy; diff: string; message: string }
  | PortalTemplateFailure;

export interface PortalTemplateWriteRequest {
  /** The version the text was based on (the origin the editor holds). */
  base: { templateId: number; version: string };
  source: string;
}

const writeRequest = (z: Zod) =>
  z.strictObject({
    base: z.strictObject({ templateId: z.number().int().positive(), version: z.string().min(1).max(128) }),
    source: z.string().max(TEMPLATE_MAX_CHARS),
  });

export const PORTAL_TEMPLATE_CHANNELS = {
  'portal-template:open': channel<PortalTemplateOpenResult>()({ method: 'openPortalTemplate', request: (z) => z.null() }),
  'portal-template:save-draft': channel<PortalTemplateWriteResult>()({
    method: 'savePortalTemplateDraft',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: writeRequest,
  }),
  /** Main refuses it without `confirmed`: the renderer has asked the user first. */
  'portal-template:publish': channel<PortalTemplateWriteResult>()({
    method: 'publishPortalTemplate',
    maxBytes: TEMPLATE_MAX_PAYLOAD_BYTES,
    request: (z) => writeRequest(z).extend({ confirmed: z.literal(true) }),
  }),
};
