/**
 * 3scale's own API descriptions (porta's doc/active_docs/*.json, copied under ./active-docs/ with
 * their SOURCE.md) and the request check the fake makes with them:
 *   - `findDescribedOperation()`  method + concrete path → the described operation. The Billing and
 *     Account Management descriptions name the `.xml` form of each path; 3scale serves the same
 *     action as `.json`, so a `.json` path is looked up as `.json` first, then as `.xml`;
 *   - `checkRequestAgainstDescription()`  query and form parameters against the operation's
 *     parameters and request body: required ones, types, enums and patterns (ajv), and no
 *     parameter the description does not name.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type ApiName = 'billing' | 'account_management' | 'cms';

type JsonSchema = Record<string, unknown>;

interface DescribedParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface DescribedOperation {
  parameters?: DescribedParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface Description {
  paths: Record<string, Record<string, DescribedOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const FILES: Record<ApiName, string> = {
  billing: 'billing_api.json',
  account_management: 'account_management_api.json',
  cms: 'cms_api.json',
};

const FORM = 'application/x-www-form-urlencoded';

const descriptions = new Map<ApiName, Description>();

export function description(api: ApiName): Description {
  let doc = descriptions.get(api);
  if (!doc) {
    const file = new URL(`./active-docs/${FILES[api]}`, import.meta.url);
    doc = JSON.parse(readFileSync(file, 'utf8')) as Description;
    descriptions.set(api, doc);
  }
  return doc;
}

export interface OperationMatch {
  api: ApiName;
  /** The described path, e.g. '/api/invoices/{id}.xml'. */
  template: string;
  method: string;
  pathParams: Record<string, string>;
  operation: DescribedOperation;
}

function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      if (param?.[1]) {
        names.push(param[1]);
        return '([^/.]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

const compiled = new Map<string, { pattern: RegExp; names: string[] }>();

/** The operation 3scale's description gives for `method path` in `api`, if any. */
export function findDescribedOperation(api: ApiName, method: string, path: string): OperationMatch | undefined {
  const doc = description(api);
  const lower = method.toLowerCase();
  const candidates = path.endsWith('.json') ? [path, `${path.slice(0, -'.json'.length)}.xml`] : [path];
  for (const concrete of candidates) {
    for (const [template, operations] of Object.entries(doc.paths)) {
      const operation = operations[lower];
      if (!operation) continue;
      let entry = compiled.get(template);
      if (!entry) {
        entry = templatePattern(template);
        compiled.set(template, entry);
      }
      const match = entry.pattern.exec(concrete);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      entry.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { api, template, method: lower, pathParams, operation };
    }
  }
  return undefined;
}

const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true, useDefaults: false });
// porta's descriptions annotate parameters with this vendor keyword.
ajv.addVocabulary(['x-data-threescale-name']);
const validators = new Map<string, ValidateFunction>();

function resolve(doc: Description, schema: JsonSchema | undefined): JsonSchema | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name];
}

/** One object schema for everything a request may carry outside its path: query and form body. */
function requestSchema(match: OperationMatch): JsonSchema {
  const doc = description(match.api);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const parameter of match.operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    properties[parameter.name] = parameter.schema ?? {};
    if (parameter.required) required.push(parameter.name);
  }
  const body = resolve(doc, match.operation.requestBody?.content?.[FORM]?.schema);
  if (body) {
    const bodyProperties = (body['properties'] ?? {}) as Record<string, JsonSchema>;
    Object.assign(properties, bodyProperties);
    for (const name of (body['required'] ?? []) as string[]) if (!required.includes(name)) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function pathSchema(match: OperationMatch): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of match.operation.parameters ?? []) {
    if (parameter.in === 'path') properties[parameter.name] = parameter.schema ?? {};
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function validator(key: string, build: () => JsonSchema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(build());
    validators.set(key, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath.replace(/^\//, '');
    switch (error.keyword) {
      case 'required':
        return `${(error.params as { missingProperty: string }).missingProperty} is required`;
      case 'additionalProperties':
        return `${(error.params as { additionalProperty: string }).additionalProperty} is not a parameter of this operation`;
      case 'enum':
        return `${where} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
      default:
        return `${where} ${error.message ?? 'is invalid'}`;
    }
  });
}

export interface RequestCheck {
  ok: boolean;
  /** Why the request does not match the description (empty when ok). */
  problems: string[];
  /** The parameters with the description's types (integers, booleans), when ok. */
  params: Record<string, unknown>;
  pathParams: Record<string, unknown>;
}

/**
 * Checks path parameters, query and form body (already merged into `params`, strings as they came
 * over the wire) against the described operation. The access token may come through HTTP Basic
 * instead (as porta accepts); the caller passes it in `params.access_token` then.
 */
export function checkRequestAgainstDescription(match: OperationMatch, params: Record<string, unknown>): RequestCheck {
  const key = `${match.api} ${match.method} ${match.template}`;
  const pathParams: Record<string, unknown> = { ...match.pathParams };
  const validatePath = validator(`${key} path`, () => pathSchema(match));
  if (!validatePath(pathParams)) return { ok: false, problems: describe(validatePath.errors), params, pathParams };
  const copy: Record<string, unknown> = { ...params };
  const validateRequest = validator(key, () => requestSchema(match));
  if (!validateRequest(copy)) return { ok: false, problems: describe(validateRequest.errors), params, pathParams };
  return { ok: true, problems: [], params: copy, pathParams };
}
