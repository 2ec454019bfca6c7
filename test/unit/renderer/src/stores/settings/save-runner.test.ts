import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcError, IpcResult } from '../../../../../../common/ipc-contract';
import { UNEXPECTED_FAILURE, createSaveRunner, type SaveRunnerHost } from '../../../../../../renderer/src/stores/settings/save-runner';

// The stores log unexpected failures for developers; the tests check what the user is told.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

function host(overrides: Partial<SaveRunnerHost> = {}) {
  const state = { busy: false, failures: [] as IpcError[], drafts: 0 };
  const runner = createSaveRunner({
    isBusy: () => state.busy,
    setBusy: (busy) => {
      state.busy = busy;
    },
    keepDraft: async () => {
      state.drafts += 1;
    },
    failed: (error) => state.failures.push(error),
    ...overrides,
  });
  return { state, runner };
}

const answer = <T>(result: IpcResult<T>) => () => Promise.resolve(result);

describe('save runner', () => {
  it('frees the page whatever a step does: succeed, fail, throw in send, throw after', async () => {
    const { state, runner } = host();
    const seen: boolean[] = [];
    await runner.run((step) => step({ send: answer({ ok: true, value: 1 }), succeeded: () => void seen.push(state.busy) }));
    await runner.run((step) => step({ send: answer({ ok: false, error: { code: 'invalid_input', message: 'no' } }), succeeded: () => undefined }));
    await runner.run((step) => step({ send: () => Promise.reject(new Error('gone')), succeeded: () => undefined }));
    await runner.run((step) =>
      step({
        send: answer({ ok: true, value: 1 }),
        succeeded: () => {
          throw new Error('render bug');
        },
      }),
    );
    expect(seen).toEqual([true]);
    expect(state.busy).toBe(false);
    expect(state.failures.map((f) => f.message)).toEqual(['no', UNEXPECTED_FAILURE, UNEXPECTED_FAILURE]);
  });

  it('a draft that cannot be kept does not stop the save nor leave the page busy', async () => {
    const sent = vi.fn(answer({ ok: true, value: 1 }));
    const { state, runner } = host({ keepDraft: () => Promise.reject(new Error('IPC closed')) });
    expect(await runner.run((step) => step({ keepDraftFirst: true, send: sent, succeeded: () => undefined }))).toBe(false);
    expect(state.busy).toBe(false);
    expect(state.failures.map((f) => f.message)).toEqual([UNEXPECTED_FAILURE]);
  });

  it('refuses a job while another blocks the page, but not one that leaves the page free', async () => {
    const { state, runner } = host();
    let release!: () => void;
    const first = runner.run((step) => step({ send: () => new Promise<IpcResult<number>>((resolve) => (release = () => resolve({ ok: true, value: 1 }))), succeeded: () => undefined }));
    expect(state.busy).toBe(true);
    expect(await runner.run(async () => true)).toBe(false);
    expect(await runner.run(async () => true, { blocksPage: false })).toBe(true);
    release();
    expect(await first).toBe(true);
    expect(state.busy).toBe(false);
  });

  it('resends confirmed only after main asked and the user agreed', async () => {
    const { runner } = host();
    const requests: boolean[] = [];
    const send = (confirmed: boolean): Promise<IpcResult<string>> => {
      requests.push(confirmed);
      return Promise.resolve(confirmed ? { ok: true, value: 'done' } : { ok: false, error: { code: 'confirmation_required', message: 'confirm' } });
    };
    expect(await runner.run((step) => step({ send, confirmChange: async () => false, succeeded: () => undefined }))).toBe(false);
    expect(requests).toEqual([false]);
    expect(await runner.run((step) => step({ send, confirmChange: async () => true, succeeded: () => undefined }))).toBe(true);
    expect(requests).toEqual([false, false, true]);
    // Without a confirmation to ask, "confirmation_required" is a failure like any other.
    expect(await runner.run((step) => step({ send, succeeded: () => undefined }))).toBe(false);
  });

  it('asks its own question first; Cancel sends nothing', async () => {
    const { runner } = host();
    const send = vi.fn(answer({ ok: true, value: 1 }));
    expect(await runner.run((step) => step({ askFirst: async () => false, send, succeeded: () => undefined }))).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });
});
