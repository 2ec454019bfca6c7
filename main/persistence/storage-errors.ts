// A write the file system refused, said so that the user can act on it: the disk is
// full, or the folder cannot be written, with the folder's path. Anything else stays
// an internal error.

import path from 'node:path';
import { UserFacingError } from '../domain/user-facing-error';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOTEMPTY', 'EEXIST']);

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for the file system's refusals that the user can fix (space, permissions, a folder in the way). */
export function isStorageRefusal(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && (DISK_FULL.has(code) || NOT_WRITABLE.has(code));
}

/** Why `file` could not be written, in words; null when the error is not the file system's refusal. */
export function storageProblem(error: unknown, file: string): { code: 'disk_full' | 'folder_not_writable'; problem: string } | null {
  const code = errnoCode(error);
  if (!code) return null;
  const folder = path.dirname(file);
  if (DISK_FULL.has(code)) return { code: 'disk_full', problem: `the disk holding ${folder} is full` };
  if (code === 'EROFS') return { code: 'folder_not_writable', problem: `the folder ${folder} is on a read-only disk` };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'folder_not_writable', problem: `Billing Desk may not write in the folder ${folder} (permission denied)` };
  if (NOT_WRITABLE.has(code)) return { code: 'folder_not_writable', problem: `${file} is a folder or is in the way, so it cannot be written` };
  return null;
}

/** Why a file could not be read, in a few words. */
export function readProblem(error: unknown): string {
  const code = errnoCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** The refusal of a settings save; the form keeps what was typed. */
export function settingsSaveFailure(error: unknown, file: string): UserFacingError | null {
  const found = storageProblem(error, file);
  if (!found) return null;
  return new UserFacingError(
    found.code,
    `Nothing was saved: ${found.problem}. What you typed is still in the form; ${found.code === 'disk_full' ? 'free some space' : 'make the folder writable'}, then Save again.`,
  );
}

/** The refusal of a draft write; it is retried by itself. */
export function draftWriteFailure(error: unknown, file: string): UserFacingError | null {
  const found = storageProblem(error, file);
  if (!found) return null;
  return new UserFacingError(
    found.code,
    `Your edits could not be kept as a draft: ${found.problem}. They are still in the form, and Billing Desk keeps trying to write the draft.`,
  );
}
