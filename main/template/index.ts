// The template "Payment Gateway / Show": check it, fix it, preview it. Pure: no Electron, no files.
export { checkTemplate } from './checker';
export type { CaseBlockReport, StripeBranchReport, TemplateParseError, TemplateReport, WhenBranchReport } from './checker';
export { fixTemplate, STRIPE_BRANCH_SNIPPET } from './fixer';
export type { FixOptions, FixResult, StripeInsertion } from './fixer';
export { renderPreview, TemplatePreviewError } from './preview';
export type { PreviewOptions } from './preview';
export { TemplateJobError, TemplateRunner } from './template-runner';
export type { TemplateRunnerOptions } from './template-runner';
