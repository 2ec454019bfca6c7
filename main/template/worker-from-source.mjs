// Starts the template worker from its TypeScript source (tests, the Chromium harness, the CLI
// through tsx): registers tsx in the worker thread, then loads the entry named in workerData.
// The built app starts out/main/template-worker.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
