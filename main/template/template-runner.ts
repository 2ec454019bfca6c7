// Runs template jobs off main's event loop, in two worker threads (template-worker.ts):
// one checks and fixes, one previews. Each job has a time limit and each worker a memory
// limit; a worker past either is ended and started again for the next job. A newer
// preview cancels an older one still running (its worker is ended), so typing fast never
// queues renders.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { TemplateReport } from './checker';
import type { FixResult } from './fixer';
import type { PreviewOptions } from './preview';
import type { TemplateJob, TemplateJobAnswer } from './worker-protocol';

/** A job the user should hear about in these words: too slow, too large, superseded, does not render. */
export class TemplateJobError extends Error {
  override readonly name = 'TemplateJobError';
  constructor(
    message: string,
    readonly reason: 'timeout' | 'memory' | 'cancelled' | 'render' | 'crashed',
  ) {
    super(message);
  }
}

export interface TemplateRunnerOptions {
  /** Time limit of a check or a fix (default 20 s: a megabyte takes about 2). */
  analysisTimeoutMs?: number;
  /** Time limit of a preview (default 5 s). */
  previewTimeoutMs?: number;
  /** Old-generation heap of each worker in MB (default 1024 for checks and fixes, 256 for previews). */
  analysisHeapMb?: number;
  previewHeapMb?: number;
}

type Pending = { job: TemplateJob; resolve: (answer: TemplateJobAnswer) => void; reject: (error: Error) => void };

/** Where the worker's code is: the built file beside main's bundle, or the TypeScript source through tsx. */
function workerEntry(): { file: URL; workerData?: { entry: string } } {
  for (const built of ['./template-worker.js', '../template-worker.js']) {
    const url = new URL(built, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { file: url };
  }
  const source = new URL('./template-worker.ts', import.meta.url);
  return { file: new URL('./worker-from-source.mjs', import.meta.url), workerData: { entry: source.href } };
}

/** One worker thread and the jobs waiting for it, one at a time. */
class WorkerLane {
  private worker: Worker | null = null;
  /** The worker has loaded its code: job time is counted from then (starting one from source takes seconds). */
  private ready = false;
  private current: (Pending & { timer: ReturnType<typeof setTimeout> | null }) | null = null;
  private readonly queue: Pending[] = [];

  constructor(
    private readonly name: string,
    private readonly timeoutMs: number,
    private readonly limits: ResourceLimits,
  ) {}

  run(job: TemplateJob): Promise<TemplateJobAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  /** Ends the running job (its worker too) and every queued one, with `error`. */
  cancelAll(error: TemplateJobError): void {
    for (const pending of this.queue.splice(0)) pending.reject(error);
    if (this.current) this.fail(error);
  }

  async close(): Promise<void> {
    this.cancelAll(new TemplateJobError('Billing Desk is closing.', 'cancelled'));
    await this.worker?.terminate();
    this.worker = null;
  }

  private next(): void {
    if (this.current) return;
    const pending = this.queue.shift();
    if (!pending) return;
    this.current = { ...pending, timer: null };
    const worker = this.ensureWorker();
    if (this.ready) this.startClock();
    worker.postMessage(pending.job);
  }

  private startClock(): void {
    const current = this.current;
    if (!current || current.timer) return;
    current.timer = setTimeout(() => {
      this.fail(
        new TemplateJobError(
          `The ${this.name} was stopped after ${Math.round(this.timeoutMs / 1000)} s: the template takes too long. Look for a long loop or a very large template.`,
          'timeout',
        ),
      );
    }, this.timeoutMs);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = workerEntry();
    const worker = new Worker(entry.file, { ...(entry.workerData ? { workerData: entry.workerData } : {}), resourceLimits: this.limits });
    worker.unref();
    // Events of a worker already ended (and replaced) are ignored.
    worker.on('message', (answer: TemplateJobAnswer | 'ready') => {
      if (answer === 'ready') {
        if (this.worker === worker) {
          this.ready = true;
          this.startClock();
        }
        return;
      }
      const current = this.current;
      if (this.worker !== worker || !current || answer.id !== current.job.id) return;
      if (current.timer) clearTimeout(current.timer);
      this.current = null;
      current.resolve(answer);
      this.next();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        memory
          ? new TemplateJobError(
              `The ${this.name} was stopped: it needed more than ${this.limits.maxOldGenerationSizeMb ?? 0} MB of memory. Look for a string that doubles itself, or split the template.`,
              'memory',
            )
          : new TemplateJobError(`The ${this.name} failed: ${error.message}`, 'crashed'),
      );
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      if (this.current) this.fail(new TemplateJobError(`The ${this.name} stopped unexpectedly.`, 'crashed'));
      else this.worker = null;
    });
    this.worker = worker;
    this.ready = false;
    return worker;
  }

  /** Rejects the running job, ends its worker (the next job starts a fresh one). */
  private fail(error: TemplateJobError): void {
    const current = this.current;
    const worker = this.worker;
    this.current = null;
    this.worker = null;
    if (current) {
      if (current.timer) clearTimeout(current.timer);
      current.reject(error);
    }
    void worker?.terminate();
    this.next();
  }
}

export class TemplateRunner {
  private nextId = 1;
  private readonly analysis: WorkerLane;
  private readonly preview: WorkerLane;

  constructor(options: TemplateRunnerOptions = {}) {
    this.analysis = new WorkerLane('check', options.analysisTimeoutMs ?? 20_000, { maxOldGenerationSizeMb: options.analysisHeapMb ?? 1024 });
    this.preview = new WorkerLane('preview', options.previewTimeoutMs ?? 5_000, { maxOldGenerationSizeMb: options.previewHeapMb ?? 256 });
  }

  async check(source: string): Promise<TemplateReport> {
    const answer = await this.analysis.run({ id: this.nextId++, kind: 'check', source });
    return expect(answer, 'check');
  }

  async fix(source: string, fileName: string): Promise<FixResult> {
    const answer = await this.analysis.run({ id: this.nextId++, kind: 'fix', source, fileName });
    return expect(answer, 'fix');
  }

  /** The preview's inert HTML. A newer call cancels this one if it is still running or waiting. */
  async renderPreview(source: string, options: PreviewOptions): Promise<string> {
    this.preview.cancelAll(new TemplateJobError('A newer preview replaced this one.', 'cancelled'));
    const answer = await this.preview.run({ id: this.nextId++, kind: 'preview', source, hasBillingAddress: options.hasBillingAddress });
    return expect(answer, 'preview');
  }

  async close(): Promise<void> {
    await Promise.all([this.analysis.close(), this.preview.close()]);
  }
}

type Answered<K> = Extract<TemplateJobAnswer, { ok: true; kind: K }>['value'];

function expect<K extends 'check' | 'fix' | 'preview'>(answer: TemplateJobAnswer, kind: K): Answered<K> {
  if (!answer.ok) {
    if (answer.userFacing) throw new TemplateJobError(answer.message, 'render');
    throw new Error(answer.message);
  }
  if (answer.kind !== kind) throw new Error(`The template worker answered a ${answer.kind} for a ${kind}.`);
  return answer.value as unknown as Answered<K>;
}
