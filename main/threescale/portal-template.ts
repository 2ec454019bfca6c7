// The Developer Portal (CMS) API calls for the "Payment Gateway / Show" builtin page, as
// porta serves them (app/controllers/admin/api/cms/templates_controller.rb):
// - the list pages at most 100 (CMS::BaseController::MAX_PER_PAGE) and is ordered by id;
//   without `content=true` it leaves out draft and published (CMS::PageRepresenter, short);
// - a template is a bare object (not wrapped), builtin pages with `type` "builtin_page";
// - PUT takes `draft` (wrapped into template[draft]; a builtin page may change only its
//   layout and draft) and answers 422 {"errors":{"draft":[…]}} when Liquid cannot parse it;
// - publish! copies the draft to published and clears the draft; without a draft it does nothing.

import { PAYMENT_GATEWAY_SHOW_SYSTEM_NAME } from '../../common/contract/portal-template';
import type { ThreescaleClient } from './threescale-client';

export const CMS_MAX_PER_PAGE = 100;
/** Far beyond any provider's templates (porta ships about 110); stops a server that pages forever. */
const MAX_PAGES = 200;

/** A template as porta's representer shows it with content. */
export interface CmsTemplate {
  id: number;
  type: string;
  title: string | null;
  systemName: string | null;
  updatedAt: string;
  draft: string | null;
  published: string | null;
}

/** 3scale answered, but not with a template: said in words, like the client's bad_response. */
export class CmsShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CmsShapeError';
  }
}

const templatePath = (id: number) => `/admin/api/cms/templates/${id}.json`;

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Reads one template; `withContent` insists on draft and published being present (nullable). */
export function parseCmsTemplate(value: unknown, withContent: boolean): CmsTemplate {
  const body = record(value);
  const id = body?.['id'];
  if (!body || typeof id !== 'number' || typeof body['type'] !== 'string' || typeof body['updated_at'] !== 'string') {
    throw new CmsShapeError('3scale did not answer with a developer portal template (no id, type or updated_at).');
  }
  if (withContent && (!('draft' in body) || !('published' in body))) {
    throw new CmsShapeError(`3scale answered template ${id} without its draft and published content.`);
  }
  return {
    id,
    type: body['type'],
    title: text(body['title']),
    systemName: text(body['system_name']),
    updatedAt: body['updated_at'],
    draft: text(body['draft']),
    published: text(body['published']),
  };
}

export const isPaymentGatewayShow = (template: Pick<CmsTemplate, 'type' | 'systemName'>): boolean =>
  template.type === 'builtin_page' && template.systemName === PAYMENT_GATEWAY_SHOW_SYSTEM_NAME;

/**
 * Finds the builtin page by paging through the list (ids only, no content), then reads it
 * with its content. Null when the provider's portal has no such page.
 */
export async function findPaymentGatewayShow(client: ThreescaleClient): Promise<CmsTemplate | null> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const body = record(await client.get('/admin/api/cms/templates.json', { page, per_page: CMS_MAX_PER_PAGE }));
    const items = body?.['collection'];
    if (!Array.isArray(items)) throw new CmsShapeError('3scale did not answer the list of developer portal templates with a "collection".');
    const found = items.map((item) => parseCmsTemplate(item, false)).find(isPaymentGatewayShow);
    if (found) return readCmsTemplate(client, found.id);
    // porta adds metadata only when there is more than one page.
    const meta = record(body?.['metadata']);
    const totalPages = typeof meta?.['total_pages'] === 'number' ? meta['total_pages'] : 1;
    if (page >= totalPages || items.length === 0) return null;
  }
  return null;
}

export async function readCmsTemplate(client: ThreescaleClient, id: number): Promise<CmsTemplate> {
  return parseCmsTemplate(await client.get(templatePath(id)), true);
}

/** Saves `draft` as the template's draft; answers the template as 3scale now has it. */
export async function saveCmsDraft(client: ThreescaleClient, id: number, draft: string): Promise<CmsTemplate> {
  return parseCmsTemplate(await client.put(templatePath(id), { draft }), true);
}

/** Publishes the template's draft (3scale does nothing when there is none). */
export async function publishCmsTemplate(client: ThreescaleClient, id: number): Promise<CmsTemplate> {
  return parseCmsTemplate(await client.put(`/admin/api/cms/templates/${id}/publish.json`), true);
}
