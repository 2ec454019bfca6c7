// The one way the settings page saves. Every flow (a card's Save, the billing-mode and
// Stripe-mode switches, Verify, the webhook, the draft's Apply and Discard) runs through
// `run`, so that the page is busy exactly while a flow runs whatever fails, a request
// is sent again only after main asked for a confirmation and the user gave it, and an
// unexpected failure reaches the user as a sentence, never as a page stuck busy.
import type { IpcError, IpcResult } from '../../../../common/ipc-contract';

export const UNEXPECTED_FAILURE =
  'Billing Desk could not finish this because of an unexpected error. What you typed is still in the form; please try again.';

const unexpected: IpcError = { code: 'internal', message: UNEXPECTED_FAILURE };

export interface SaveFlow<T> {
  /** Send the latest typing as a draft first, so that it survives whatever the save does. */
  keepDraftFirst?: boolean;
  /** A question of our own before anything is sent; false (Cancel) ends the flow. */
  askFirst?: () => Promise<boolean>;
  /** The request; `confirmed` is true only on the resend after `confirmChange`. */
  send: (confirmed: boolean) => Promise<IpcResult<T>>;
  /** Asked when main answers `confirmation_required`; then the request is sent again, confirmed. */
  confirmChange?: () => Promise<boolean>;
  succeeded: (value: T) => void | Promise<void>;
  /** Instead of the runner's default report (a flash of the message). */
  failed?: (error: IpcError) => void | Promise<void>;
}

/** Runs one flow inside a job; true when it succeeded. */
export type Step = <T>(flow: SaveFlow<T>) => Promise<boolean>;

export interface SaveRunnerHost {
  isBusy(): boolean;
  setBusy(busy: boolean): void;
  /** Sends the latest typing to main as a draft. */
  keepDraft(): Promise<unknown>;
  /** What a failed flow without its own `failed` does. */
  failed(error: IpcError): void;
}

export interface RunOptions {
  /** Whether the page is busy (its Save buttons disabled) meanwhile; Verify has its own indicator. */
  blocksPage?: boolean;
}

export interface SaveRunner {
  /** Runs a job of one or more steps; false when the page was busy, a step failed or was cancelled. */
  run(job: (step: Step) => Promise<boolean>, options?: RunOptions): Promise<boolean>;
}

export function createSaveRunner(host: SaveRunnerHost): SaveRunner {
  async function send<T>(flow: SaveFlow<T>, confirmed: boolean): Promise<IpcResult<T>> {
    try {
      return await flow.send(confirmed);
    } catch (error) {
      // A request that did not even get an answer is a failure like any other.
      console.error('A settings request failed unexpectedly', error);
      return { ok: false, error: unexpected };
    }
  }

  const step: Step = async (flow) => {
    if (flow.askFirst && !(await flow.askFirst())) return false;
    if (flow.keepDraftFirst) await host.keepDraft();
    let result = await send(flow, false);
    if (!result.ok && result.error.code === 'confirmation_required' && flow.confirmChange) {
      if (!(await flow.confirmChange())) return false;
      result = await send(flow, true);
    }
    if (!result.ok) {
      await (flow.failed ?? host.failed)(result.error);
      return false;
    }
    await flow.succeeded(result.value);
    return true;
  };

  return {
    async run(job, options = {}) {
      const blocksPage = options.blocksPage ?? true;
      if (blocksPage) {
        // Checked and set before the first await: a double click starts one flow.
        if (host.isBusy()) return false;
        host.setBusy(true);
      }
      try {
        return await job(step);
      } catch (error) {
        console.error('A settings flow failed unexpectedly', error);
        host.failed(unexpected);
        return false;
      } finally {
        if (blocksPage) host.setBusy(false);
      }
    },
  };
}
