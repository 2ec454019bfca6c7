// The template worker: checks, fixes and previews templates in a worker thread, so that no
// template (a megabyte to check, a preview that doubles a string) can block main's event
// loop. Started by template-runner.ts; answers each job with a plain, cloneable result.

import { parentPort } from 'node:worker_threads';
import { checkTemplate } from './checker';
import { fixTemplate } from './fixer';
import { renderPreview, TemplatePreviewError } from './preview';
import type { TemplateJob, TemplateJobAnswer } from './worker-protocol';

async function run(job: TemplateJob): Promise<TemplateJobAnswer> {
  try {
    switch (job.kind) {
      case 'check':
        return { id: job.id, ok: true, kind: 'check', value: checkTemplate(job.source) };
      case 'fix':
        return { id: job.id, ok: true, kind: 'fix', value: fixTemplate(job.source, { fileName: job.fileName }) };
      case 'preview':
        return { id: job.id, ok: true, kind: 'preview', value: await renderPreview(job.source, { hasBillingAddress: job.hasBillingAddress }) };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: job.id, ok: false, userFacing: error instanceof TemplatePreviewError, message };
  }
}

parentPort?.on('message', (job: TemplateJob) => {
  void run(job).then((answer) => parentPort?.postMessage(answer));
});

parentPort?.postMessage('ready');
