// What every request answers: a value, or an error as data.

export type IpcErrorCode =
  | 'invalid_input'
  | 'too_large'
  /** The text cannot be written in its file's encoding; saving needs the user's yes to UTF-8. */
  | 'conversion_required'
  | 'confirmation_required'
  | 'stripe_auth'
  | 'stripe_permission'
  | 'stripe_unreachable'
  | 'stripe_error'
  | 'stripe_rate_limited'
  | 'stripe_mode_mismatch'
  /** Stripe answered, but not with what the call needs. */
  | 'stripe_unexpected'
  | 'mode_switch_refused'
  | 'kept_as_draft'
  | 'keychain_unavailable'
  | 'store_unreadable'
  /** The settings changed meanwhile in a way this change cannot be applied over. */
  | 'settings_conflict'
  /** The data folder's disk is full. */
  | 'disk_full'
  /** The data folder (or a file in it) cannot be written. */
  | 'folder_not_writable'
  | 'forbidden_sender'
  | 'unknown_channel'
  | 'internal';

export interface IpcError {
  code: IpcErrorCode;
  /** Plain text for the user; never carries a secret or a stack trace. */
  message: string;
  /** Field key → message shown next to that field. */
  fieldErrors?: Record<string, string>;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
