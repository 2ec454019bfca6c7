/**
 * Checks a response body against the response schema Stripe's OpenAPI document gives for that operation
 * and status (errors: `#/components/schemas/error`). Usable from any test; no test framework needed.
 */
import type { ValidateFunction } from 'ajv';
import type Ajv from 'ajv';
import { createStripeAjv, findSpecOperation, specPointer } from './spec';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    ajv ??= createStripeAjv({ coerce: false });
    validate = ajv.compile({ $ref: pointer });
    validators.set(pointer, validate);
  }
  return validate;
}

/** The schema a response must match, as a `$ref` into the document. */
export function responseSchemaPointer(method: string, path: string, status: number): string {
  const bare = path.split('?')[0] ?? path;
  const match = findSpecOperation(method, bare);
  if (status >= 400) return specPointer('components', 'schemas', 'error');
  if (!match) throw new Error(`Stripe's OpenAPI document has no operation for ${method.toUpperCase()} ${bare}`);
  const key = match.operation.responses[String(status)] ? String(status) : 'default';
  if (!match.operation.responses[key]) throw new Error(`${method.toUpperCase()} ${match.template} documents no ${status} response`);
  return specPointer('paths', match.template, match.method, 'responses', key, 'content', 'application/json', 'schema');
}

/** The problems (empty when the body matches). */
export function responseSchemaErrors(method: string, path: string, status: number, body: unknown): string[] {
  const validate = validatorFor(responseSchemaPointer(method, path, status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Throws, listing ajv's complaints, unless `body` matches the documented response schema. */
export function expectMatchesResponseSchema(method: string, path: string, status: number, body: unknown): void {
  const errors = responseSchemaErrors(method, path, status, body);
  if (errors.length > 0) {
    const shown = errors.slice(0, 15).join('\n  ');
    throw new Error(`${method.toUpperCase()} ${path} → ${status} does not match Stripe's response schema:\n  ${shown}`);
  }
}
