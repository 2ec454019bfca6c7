/**
 * A subset of Stripe's Search Query Language, for `GET /v1/customers/search`:
 *   clause   := ['-'] field op value
 *   field    := email | name | phone | created | metadata['key'] | metadata["key"]
 *   op       := ':' (exact) | '~' (substring, ≥ 3 characters) | '>' | '<' | '>=' | '<=' (created only)
 *   value    := 'quoted' | "quoted" (backslash escapes) | integer | null
 *   query    := clause ((AND | OR) clause)*   — AND and OR cannot be mixed; at most 10 clauses.
 * String matching is case-insensitive except for metadata values.
 */

export interface SearchableCustomer {
  email: string | null;
  name: string | null;
  phone: string | null;
  created: number;
  metadata: Record<string, string>;
}

export class SearchQueryError extends Error {}

type Op = ':' | '~' | '>' | '<' | '>=' | '<=';

interface Clause {
  negated: boolean;
  field: 'email' | 'name' | 'phone' | 'created' | 'metadata';
  metadataKey?: string;
  op: Op;
  value: string | number | null;
}

const STRING_FIELDS = new Set(['email', 'name', 'phone']);

class Reader {
  position = 0;
  constructor(readonly text: string) {}

  skipSpaces(): void {
    while (this.position < this.text.length && /\s/.test(this.text.charAt(this.position))) this.position += 1;
  }

  atEnd(): boolean {
    this.skipSpaces();
    return this.position >= this.text.length;
  }

  fail(detail: string): never {
    throw new SearchQueryError(`The search query is invalid: ${detail} (at position ${this.position}).`);
  }

  quoted(): string {
    const quote = this.text.charAt(this.position);
    this.position += 1;
    let out = '';
    while (this.position < this.text.length) {
      const ch = this.text.charAt(this.position);
      if (ch === '\\' && this.position + 1 < this.text.length) {
        out += this.text.charAt(this.position + 1);
        this.position += 2;
        continue;
      }
      if (ch === quote) {
        this.position += 1;
        return out;
      }
      out += ch;
      this.position += 1;
    }
    return this.fail('unterminated string');
  }

  word(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.position));
    if (!match) this.fail('expected a field name');
    this.position += match[0].length;
    return match[0];
  }
}

function parseClause(reader: Reader): Clause {
  reader.skipSpaces();
  let negated = false;
  if (reader.text.charAt(reader.position) === '-') {
    negated = true;
    reader.position += 1;
  }
  const fieldName = reader.word();
  let metadataKey: string | undefined;
  if (fieldName === 'metadata') {
    if (reader.text.charAt(reader.position) !== '[') reader.fail("expected metadata['key']");
    reader.position += 1;
    const quote = reader.text.charAt(reader.position);
    if (quote !== "'" && quote !== '"') reader.fail('metadata keys must be quoted');
    metadataKey = reader.quoted();
    if (reader.text.charAt(reader.position) !== ']') reader.fail("expected ']'");
    reader.position += 1;
  } else if (!STRING_FIELDS.has(fieldName) && fieldName !== 'created') {
    throw new SearchQueryError(
      `Field '${fieldName}' is an unsupported search field for resource 'customers'. See https://stripe.com/docs/search#query-fields-for-customers for a list of supported fields.`,
    );
  }
  const opMatch = /^(>=|<=|:|~|>|<)/.exec(reader.text.slice(reader.position));
  if (!opMatch) return reader.fail("expected one of ':', '~', '>', '<', '>=', '<='");
  const op = opMatch[1] as Op;
  reader.position += op.length;
  let value: string | number | null;
  const next = reader.text.charAt(reader.position);
  if (next === "'" || next === '"') value = reader.quoted();
  else {
    const bare = /^(-?\d+|null)/.exec(reader.text.slice(reader.position));
    if (!bare?.[1]) return reader.fail('values must be quoted strings, integers or null');
    reader.position += bare[1].length;
    value = bare[1] === 'null' ? null : Number(bare[1]);
  }
  const field = fieldName as Clause['field'];
  if (field === 'created') {
    if (op === '~' || typeof value !== 'number') reader.fail('created takes an integer and :, >, <, >= or <=');
  } else {
    if (op !== ':' && op !== '~') reader.fail(`${fieldName} only supports ':' and '~'`);
    if (typeof value === 'number') value = String(value);
    if (op === '~' && (typeof value !== 'string' || value.length < 3)) {
      throw new SearchQueryError('Substring searches (~) need a value of at least 3 characters.');
    }
    if (field === 'metadata' && op === '~') reader.fail('metadata only supports exact matches');
  }
  const clause: Clause = { negated, field, op, value };
  if (metadataKey !== undefined) clause.metadataKey = metadataKey;
  return clause;
}

function matches(clause: Clause, customer: SearchableCustomer): boolean {
  let result: boolean;
  if (clause.field === 'created') {
    const value = clause.value as number;
    const created = customer.created;
    result =
      clause.op === ':' ? created === value
      : clause.op === '>' ? created > value
      : clause.op === '<' ? created < value
      : clause.op === '>=' ? created >= value
      : created <= value;
  } else if (clause.field === 'metadata') {
    const actual = Object.hasOwn(customer.metadata, clause.metadataKey ?? '') ? customer.metadata[clause.metadataKey ?? ''] : undefined;
    result = clause.value === null ? actual === undefined : actual === clause.value;
  } else {
    const actual = customer[clause.field];
    if (clause.value === null) result = actual === null || actual === '';
    else if (actual === null) result = false;
    else {
      const wanted = String(clause.value).toLowerCase();
      result = clause.op === '~' ? actual.toLowerCase().includes(wanted) : actual.toLowerCase() === wanted;
    }
  }
  return clause.negated ? !result : result;
}

/** Parses a customer search query into a predicate; throws SearchQueryError with Stripe-like messages. */
export function parseCustomerQuery(query: string): (customer: SearchableCustomer) => boolean {
  const reader: Reader = new Reader(query);
  if (reader.atEnd()) throw new SearchQueryError('The search query is invalid: the query is empty.');
  const clauses: Clause[] = [parseClause(reader)];
  let combinator: 'AND' | 'OR' | undefined;
  while (!reader.atEnd()) {
    const joiner = /^(AND|OR)\s/.exec(reader.text.slice(reader.position));
    if (!joiner?.[1]) reader.fail('expected AND or OR between clauses');
    if (combinator && combinator !== joiner[1]) {
      throw new SearchQueryError('The search query is invalid: AND and OR cannot be combined in one query.');
    }
    combinator = joiner[1] as 'AND' | 'OR';
    reader.position += joiner[1].length;
    clauses.push(parseClause(reader));
  }
  if (clauses.length > 10) throw new SearchQueryError('The search query is invalid: at most 10 clauses are allowed.');
  return combinator === 'OR'
    ? (customer) => clauses.some((clause) => matches(clause, customer))
    : (customer) => clauses.every((clause) => matches(clause, customer));
}
