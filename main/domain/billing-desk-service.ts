// The operations of the Charging & Gateway page. Main's single source of truth: it
// decides what is saved, keeps secrets sealed, and writes the finance log.

import { NUMBERING_PERIODS, type BillingMode } from '../../common/billing-options';
import { gatewayDefinition } from '../../common/gateways';
import type {
  BillingSettings,
  FinanceLogChange,
  FinanceLogEntry,
  GatewaySaveRequest,
  GatewayView,
  SavedResult,
  SettingsView,
} from '../../common/ipc-contract';
import { maskSecret } from './masking';
import type { SettingsDocument } from './settings-document';
import type { SettingsRepository } from './settings-repository';
import { UserFacingError } from './user-facing-error';
import { MESSAGES, validateBilling, validateGateway } from './validation';
import { VaultUnavailableError, type SecretVault } from './vault';

export interface ServiceDeps {
  repository: SettingsRepository;
  vault: SecretVault;
  /** The OS user recorded in the finance log. */
  osUser: string;
  now?: () => Date;
}

const BILLING_LABELS: Record<keyof BillingSettings, string> = {
  chargingEnabled: 'Charging enabled',
  currency: 'Currency',
  invoiceFootnote: 'Invoice footnote',
  vatZeroText: 'Text to show if VAT/Sales Tax is 0%',
  numberingPeriod: 'Billing periods for invoice IDs',
};

export class BillingDeskService {
  private readonly now: () => Date;

  constructor(private readonly deps: ServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  view(): SettingsView {
    return this.toView(this.deps.repository.load());
  }

  financeLog(): FinanceLogEntry[] {
    return [...this.deps.repository.load().financeLog].reverse();
  }

  saveBilling(input: BillingSettings): SavedResult {
    const fieldErrors = validateBilling(input);
    if (Object.keys(fieldErrors).length > 0) {
      throw new UserFacingError('invalid_input', MESSAGES.financeInvalid, fieldErrors);
    }
    const doc = this.deps.repository.load();
    const changes: FinanceLogChange[] = [];
    for (const key of Object.keys(BILLING_LABELS) as (keyof BillingSettings)[]) {
      const from = describeBillingValue(key, doc.billing[key]);
      const to = describeBillingValue(key, input[key]);
      if (from !== to) changes.push({ field: BILLING_LABELS[key], from, to });
    }
    const numberingChanged = doc.billing.numberingPeriod !== input.numberingPeriod;
    const message = numberingChanged ? MESSAGES.financeSavedNumberingChanged : MESSAGES.financeSaved;
    if (changes.length > 0) {
      doc.billing = { ...input };
      this.commit(doc, MESSAGES.financeSaved, changes);
    }
    return { view: this.toView(doc), message };
  }

  switchBillingMode(to: BillingMode): SavedResult {
    const doc = this.deps.repository.load();
    const summary = `Billing mode changed to ${to}`;
    if (doc.billingMode !== to) {
      const from = doc.billingMode;
      doc.billingMode = to;
      this.commit(doc, summary, [{ field: 'Billing mode', from, to }]);
    }
    return { view: this.toView(doc), message: summary };
  }

  saveGateway(request: GatewaySaveRequest): SavedResult {
    const doc = this.deps.repository.load();
    const saved = doc.gateway;
    const check = validateGateway(request, {
      type: saved.type,
      savedSecretKeys: new Set(Object.keys(saved.sealedSecrets)),
    });
    if (!check.ok) throw new UserFacingError('invalid_input', MESSAGES.gatewayInvalid, check.fieldErrors);
    const { definition, values } = check.gateway;
    const gatewayChanged = saved.type !== definition.id;
    if (gatewayChanged && !request.confirmedGatewayChange) {
      throw new UserFacingError(
        'confirmation_required',
        'Changing the payment gateway must be confirmed in both dialogs before it is saved.',
      );
    }

    const nextValues: Record<string, string | boolean> = {};
    const nextSealed: Record<string, string> = gatewayChanged ? {} : { ...saved.sealedSecrets };
    const changes: FinanceLogChange[] = [];
    if (gatewayChanged) {
      const fromLabel = saved.type ? gatewayDefinition(saved.type).label : 'none';
      changes.push({ field: 'Gateway', from: fromLabel, to: definition.label });
    }
    try {
      for (const field of definition.fields) {
        const value = values[field.key];
        if (field.secret) {
          if (typeof value !== 'string') continue; // left empty: the saved secret stays
          const previous = gatewayChanged ? null : this.openOrNull(saved.sealedSecrets[field.key]);
          if (previous === value) continue;
          nextSealed[field.key] = this.deps.vault.seal(value);
          changes.push({ field: field.label, from: previous === null ? '' : maskSecret(previous), to: maskSecret(value) });
        } else if (value !== undefined) {
          nextValues[field.key] = value;
          const from = gatewayChanged ? '' : describeGatewayValue(saved.values[field.key]);
          const to = describeGatewayValue(value);
          if (from !== to) changes.push({ field: field.label, from, to });
        }
      }
    } catch (error) {
      if (error instanceof VaultUnavailableError) {
        throw new UserFacingError('keychain_unavailable', error.message);
      }
      throw error;
    }

    doc.gateway = { type: definition.id, values: nextValues, sealedSecrets: nextSealed };
    if (changes.length > 0) {
      const summary = gatewayChanged
        ? `Payment gateway changed to ${definition.label}. All buyers' credit card details were made invalid: they must enter them again to be billed.`
        : 'Payment gateway details updated';
      this.commit(doc, summary, changes);
    }
    return { view: this.toView(doc), message: MESSAGES.gatewaySaved };
  }

  /** Plaintext of a saved secret, for main's own use (Stripe calls); never sent to the renderer. */
  revealSecret(fieldKey: string): string | null {
    const sealed = this.deps.repository.load().gateway.sealedSecrets[fieldKey];
    return sealed ? this.deps.vault.open(sealed) : null;
  }

  private commit(doc: SettingsDocument, summary: string, changes: FinanceLogChange[]): void {
    doc.revision += 1;
    doc.financeLog.push({ at: this.now().toISOString(), user: this.deps.osUser, summary, changes });
    this.deps.repository.save(doc);
  }

  private openOrNull(sealed: string | undefined): string | null {
    if (!sealed) return null;
    try {
      return this.deps.vault.open(sealed);
    } catch {
      return null;
    }
  }

  private maskedSecrets(doc: SettingsDocument): Record<string, string | null> {
    const masked: Record<string, string | null> = {};
    for (const [key, sealed] of Object.entries(doc.gateway.sealedSecrets)) {
      try {
        masked[key] = maskSecret(this.deps.vault.open(sealed));
      } catch {
        masked[key] = '(cannot be decrypted on this system)';
      }
    }
    return masked;
  }

  private toView(doc: SettingsDocument): SettingsView {
    const masked = this.maskedSecrets(doc);
    const gateway: GatewayView = {
      type: doc.gateway.type,
      values: { ...doc.gateway.values },
      maskedSecrets: {},
      configured: false,
    };
    if (doc.gateway.type) {
      const definition = gatewayDefinition(doc.gateway.type);
      for (const field of definition.fields.filter((f) => f.secret)) {
        gateway.maskedSecrets[field.key] = masked[field.key] ?? null;
      }
      gateway.configured = definition.fields.every(
        (f) => f.kind === 'checkbox' || (f.secret ? Boolean(doc.gateway.sealedSecrets[f.key]) : Boolean(doc.gateway.values[f.key])),
      );
    }
    return {
      revision: doc.revision,
      billingMode: doc.billingMode,
      billing: { ...doc.billing },
      gateway,
      keychain: { backend: this.deps.vault.backend, name: this.deps.vault.backendName },
    };
  }
}

function describeBillingValue(key: keyof BillingSettings, value: BillingSettings[keyof BillingSettings]): string {
  if (key === 'chargingEnabled') return value ? 'on' : 'off';
  if (key === 'numberingPeriod') return NUMBERING_PERIODS.find((p) => p.id === value)?.label ?? String(value);
  return String(value);
}

function describeGatewayValue(value: string | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value;
}

