import type { IpcErrorCode } from '../../common/ipc-contract';

/** An error whose message is meant for the user; anything else is reported as internal. */
export class UserFacingError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
