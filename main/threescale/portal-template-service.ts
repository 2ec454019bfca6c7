// "Open from 3scale", "Save as draft in 3scale" and "Publish" for the Payment Gateway / Show
// page. A write is made only over the version the editor's text was based on: 3scale's copy
// is read again first, and when it changed since (its updated_at or its texts), nothing is
// written and both versions go back to the user. Every write 3scale accepted is logged in
// the finance log (never with the token); an answer that never came is logged as unknown.

import { createHash } from 'node:crypto';
import type {
  PortalTemplateCopy,
  PortalTemplateFailure,
  PortalTemplateOpenResult,
  PortalTemplateWriteRequest,
  PortalTemplateWriteResult,
} from '../../common/contract/portal-template';
import type { FinanceLogChange } from '../../common/contract/finance-log';
import { unifiedDiff } from '../template/diff';
import { CmsShapeError, findPaymentGatewayShow, isPaymentGatewayShow, publishCmsTemplate, readCmsTemplate, saveCmsDraft, type CmsTemplate } from './portal-template';
import { ThreescaleError, type ThreescaleClient } from './threescale-client';

export const PAGE_NAME = 'Payment Gateway / Show';
/** Two texts longer than this together are not compared line by line in main (it would block it). */
const MAX_DIFF_CHARS = 400_000;

export interface PortalTemplateDeps {
  /** The saved 3scale connection: its domain and the token opened from the vault (null when none). */
  connection(): { adminDomain: string; accessToken: string | null };
  client(adminDomain: string, accessToken: string): ThreescaleClient;
  /** Adds one entry to the finance log. */
  log(summary: string, changes: FinanceLogChange[]): void;
}

type Action = 'open' | 'draft' | 'publish';

/** The fingerprint of one version of 3scale's copy: updated_at and both texts. */
export function versionOf(template: Pick<CmsTemplate, 'updatedAt' | 'draft' | 'published'>): string {
  return createHash('sha256').update(JSON.stringify([template.updatedAt, template.draft, template.published])).digest('hex').slice(0, 40);
}

const lineCount = (value: string) => (value === '' ? 0 : value.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length);
const describe = (value: string | null, updatedAt: string) => (value === null ? 'none' : `${lineCount(value)} lines (3scale, ${updatedAt})`);

export function toCopy(adminDomain: string, template: CmsTemplate): PortalTemplateCopy | null {
  const source = template.draft ?? template.published;
  if (source === null) return null;
  return {
    source,
    origin: {
      adminDomain,
      templateId: template.id,
      title: template.title ?? PAGE_NAME,
      loaded: template.draft !== null ? 'draft' : 'published',
      updatedAt: template.updatedAt,
      version: versionOf(template),
      hasUnpublishedDraft: template.draft !== null,
    },
  };
}

export class PortalTemplateService {
  constructor(private readonly deps: PortalTemplateDeps) {}

  async open(): Promise<PortalTemplateOpenResult> {
    const connection = this.connected();
    if ('status' in connection) return connection;
    try {
      const template = await findPaymentGatewayShow(connection.client);
      if (!template) {
        return failed(
          'no_template',
          `The developer portal of ${connection.adminDomain} has no builtin page “${PAGE_NAME}” (accounts/payment_gateways/show) that the access token can see.`,
        );
      }
      const copy = toCopy(connection.adminDomain, template);
      if (!copy) {
        return failed('no_content', `3scale holds neither a draft nor a published text of “${PAGE_NAME}” (template ${template.id}) on ${connection.adminDomain}.`);
      }
      return { status: 'opened', ...copy };
    } catch (error) {
      return this.failure(error, 'open', connection.adminDomain);
    }
  }

  saveDraft(request: PortalTemplateWriteRequest): Promise<PortalTemplateWriteResult> {
    return this.write(request, 'draft');
  }

  publish(request: PortalTemplateWriteRequest): Promise<PortalTemplateWriteResult> {
    return this.write(request, 'publish');
  }

  private async write(request: PortalTemplateWriteRequest, action: 'draft' | 'publish'): Promise<PortalTemplateWriteResult> {
    const connection = this.connected();
    if ('status' in connection) return connection;
    const { client, adminDomain } = connection;
    const { templateId } = request.base;
    let draftSaved = false;
    try {
      const current = await readCmsTemplate(client, templateId);
      if (!isPaymentGatewayShow(current)) {
        return failed('no_template', `Template ${templateId} on ${adminDomain} is not the “${PAGE_NAME}” page: open it from 3scale again. Nothing was written.`);
      }
      const theirs = current.draft ?? current.published;
      // Changed in 3scale since it was opened — unless it already holds exactly this text
      // (a save whose answer was lost, repeated): then there is nothing to choose.
      if (versionOf(current) !== request.base.version && theirs !== request.source) {
        return this.conflict(adminDomain, current, request.source);
      }
      let after = current;
      const alreadyPublished = current.draft === null && current.published === request.source;
      if (current.draft !== request.source && !alreadyPublished) {
        after = await this.logged(
          () => saveCmsDraft(client, templateId, request.source),
          `Saved the ${PAGE_NAME} template as draft in 3scale (${adminDomain})`,
          (saved) => [{ field: `Template ${templateId} draft`, from: describe(current.draft, current.updatedAt), to: describe(saved?.draft ?? null, saved?.updatedAt ?? 'no answer') }],
        );
        draftSaved = true;
      }
      if (action === 'draft') {
        const message = draftSaved
          ? `Saved as draft in 3scale (${adminDomain}); developers still see the published version until you publish.`
          : alreadyPublished
            ? `3scale (${adminDomain}) already publishes exactly this text; nothing was written.`
            : `3scale's draft (${adminDomain}) is already exactly this text; nothing was written.`;
        return { status: 'saved', ...copyOf(adminDomain, after), message };
      }
      if (after.draft === null) {
        return { status: 'published', ...copyOf(adminDomain, after), message: `3scale (${adminDomain}) already publishes exactly this text; nothing was written.` };
      }
      const beforePublish = after;
      after = await this.logged(
        () => publishCmsTemplate(client, templateId),
        `Published the ${PAGE_NAME} template in 3scale (${adminDomain})`,
        (published) => [
          {
            field: `Template ${templateId} published`,
            from: describe(beforePublish.published, beforePublish.updatedAt),
            to: describe(published?.published ?? null, published?.updatedAt ?? 'no answer'),
          },
        ],
      );
      return { status: 'published', ...copyOf(adminDomain, after), message: `Published on ${adminDomain}: developers see it now.` };
    } catch (error) {
      const result = this.failure(error, action, adminDomain);
      if (draftSaved && action === 'publish') result.message = `It was saved as draft in 3scale, but not published: ${result.message}`;
      return result;
    }
  }

  /** Runs a write; logs it when 3scale accepted it, and as unknown when no answer came. */
  private async logged(write: () => Promise<CmsTemplate>, summary: string, changes: (after: CmsTemplate | null) => FinanceLogChange[]): Promise<CmsTemplate> {
    let after: CmsTemplate;
    try {
      after = await write();
    } catch (error) {
      if (error instanceof ThreescaleError && (error.kind === 'timeout' || error.kind === 'unreachable') && error.status === null) {
        this.deps.log(`${summary}: no answer came, so whether 3scale made the change is unknown`, changes(null));
      }
      throw error;
    }
    this.deps.log(summary, changes(after));
    return after;
  }

  private conflict(adminDomain: string, current: CmsTemplate, ours: string): PortalTemplateWriteResult {
    const theirs = copyOf(adminDomain, current);
    const diff =
      theirs.source.length + ours.length > MAX_DIFF_CHARS
        ? ''
        : unifiedDiff(theirs.source, ours, { oldName: `3scale (template ${current.id}, ${current.updatedAt})`, newName: 'Billing Desk (yours)' });
    return {
      status: 'conflict',
      theirs,
      diff,
      message: `The template changed in 3scale (${adminDomain}, ${current.updatedAt}) since you opened it, so nothing was written. Compare the two versions and choose.`,
    };
  }

  private connected(): { client: ThreescaleClient; adminDomain: string } | PortalTemplateFailure {
    const { adminDomain, accessToken } = this.deps.connection();
    if (!adminDomain || !accessToken) {
      return failed(
        'not_connected',
        'Connect 3scale first (3scale › Connection): the template is read from its admin portal with the connection’s access token.',
      );
    }
    try {
      return { client: this.deps.client(adminDomain, accessToken), adminDomain };
    } catch (error) {
      return failed('invalid_input', `${error instanceof Error ? error.message : String(error)} Correct it on 3scale › Connection.`);
    }
  }

  private failure(error: unknown, action: Action, adminDomain: string): PortalTemplateFailure {
    const kept = action === 'open' ? '' : ' Your text is kept in the editor.';
    if (error instanceof CmsShapeError) return failed('bad_response', `${error.message}${kept}`);
    if (!(error instanceof ThreescaleError)) throw error;
    switch (error.kind) {
      case 'missing_scope':
        return failed(
          'missing_scope',
          `The access token may not ${action === 'open' ? 'read' : 'change'} developer portal templates (403): it needs the Developer Portal API scope${
            action === 'open' ? '' : ' with Read & Write permission'
          }. Give it that in the admin portal (Account Settings › Personal › Tokens), then verify it on 3scale › Connection.${kept}`,
        );
      case 'not_found':
        return failed(
          'not_found',
          action === 'open'
            ? `${adminDomain} has no Developer Portal API (404): check the admin portal's domain on 3scale › Connection.`
            : `The template is no longer in 3scale (404 on ${adminDomain}): it may have been deleted. Open it from 3scale again.${kept}`,
        );
      case 'refused':
        if (error.status === 422) {
          return failed(
            'refused',
            `3scale refused the template (422)${error.detail ? `: “${error.detail}”` : ''}. Nothing was saved; correct it and try again.${kept}`,
          );
        }
        return failed(error.kind, `${error.message}${kept}`);
      case 'timeout':
      case 'unreachable':
        if (action !== 'open') {
          // A write may have reached 3scale before the connection failed.
          return failed(
            error.kind,
            `${error.message.replace(/ Try again; nothing was changed\.$/, '')} 3scale may or may not have made the change: try again (the template is read first, so nothing is written twice).${kept}`,
          );
        }
        return failed(error.kind, error.message);
      default:
        return failed(error.kind, `${error.message}${kept}`);
    }
  }
}

function copyOf(adminDomain: string, template: CmsTemplate): PortalTemplateCopy {
  const copy = toCopy(adminDomain, template);
  if (copy) return copy;
  return {
    source: '',
    origin: {
      adminDomain,
      templateId: template.id,
      title: template.title ?? PAGE_NAME,
      loaded: 'published',
      updatedAt: template.updatedAt,
      version: versionOf(template),
      hasUnpublishedDraft: false,
    },
  };
}

function failed(kind: PortalTemplateFailure['kind'], message: string): PortalTemplateFailure {
  return { status: 'failed', kind, message };
}
