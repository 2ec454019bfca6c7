// The messages between template-runner.ts (main) and template-worker.ts.
import type { TemplateReport } from './checker';
import type { FixResult } from './fixer';

export type TemplateJob =
  | { id: number; kind: 'check'; source: string }
  | { id: number; kind: 'fix'; source: string; fileName: string }
  | { id: number; kind: 'preview'; source: string; hasBillingAddress: boolean };

export type TemplateJobAnswer =
  | { id: number; ok: true; kind: 'check'; value: TemplateReport }
  | { id: number; ok: true; kind: 'fix'; value: FixResult }
  | { id: number; ok: true; kind: 'preview'; value: string }
  /** `userFacing`: the message is meant for the user (a preview stopped, a render error); else it is a bug. */
  | { id: number; ok: false; userFacing: boolean; message: string };
