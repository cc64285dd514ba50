import { mainBranch, typeOf } from './arbitraries';
import type { JsonSchema, Operation, Parameter } from './openapi';
import type { Draft } from './requests';

/** One request of the suite: a valid-shaped base with one thing made wrong. */
export interface Probe {
  /** What was made wrong: `NUL in text`, `above maximum`… */
  kind: string;
  /** Where: `body.variants.0.price`, `query.limit`, `body`. */
  field: string;
  draft: Draft;
}

export const KB100 = 'x'.repeat(100 * 1024);
const MB2 = 'y'.repeat(2 * 1024 * 1024);
const DEPTH = 5000;

/** JSON text placed as is where a value goes (what JSON.stringify cannot write: depth, `__proto__`). */
class Raw {
  constructor(readonly text: string) {}
}
const deepObject = new Raw(`${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`);
const deepArray = new Raw(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`);
const hugeArray = new Raw(`[${new Array(100_000).fill('0').join(',')}]`);
const beyondSafeInteger = new Raw('9007199254740993');
const withProto = (base: unknown) => {
  const rest = base && typeof base === 'object' && !Array.isArray(base) ? JSON.stringify(base).slice(1) : '}';
  return new Raw(`{"__proto__":{"polluted":true,"role":"admin"}${rest === '}' ? '' : ','}${rest}`);
};

/** JSON.stringify that writes Raw values as their text. */
export function stringify(value: unknown): string {
  const raws: Raw[] = [];
  const text = JSON.stringify(value, (_key, item) => {
    if (item instanceof Raw) {
      raws.push(item);
      return `@@raw${raws.length - 1}@@`;
    }
    return item;
  });
  return text.replace(/"@@raw(\d+)@@"/g, (_, index: string) => raws[Number(index)]!.text);
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container: Record<string | number, unknown> | unknown[] =
    typeof head === 'number'
      ? Array.isArray(root)
        ? [...root]
        : []
      : root && typeof root === 'object' && !Array.isArray(root)
        ? { ...(root as Record<string, unknown>) }
        : {};
  const current = (container as Record<string | number, unknown>)[head!];
  (container as Record<string | number, unknown>)[head!] = setAt(current, rest, value);
  return container;
}

const getAt = (root: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], root);

const isNullable = (schema: JsonSchema) =>
  Boolean(schema.anyOf?.some((branch) => branch.type === 'null')) ||
  (Array.isArray(schema.type) && schema.type.includes('null'));

const TEXT: Array<[string, string]> = [
  ['NUL in text', 'before\u0000after'],
  ['lone high surrogate', 'x\ud800y'],
  ['lone low surrogate', '\udc00'],
];

/** The wrong values for one field of a JSON body, by the field's documented type. */
function valueMutations(schema: JsonSchema, base: unknown): Array<[string, unknown]> {
  const main = mainBranch(schema);
  const type = typeOf(schema);
  const list: Array<[string, unknown]> = [];
  if (!isNullable(schema)) list.push(['null', null]);
  switch (type) {
    case 'string':
      list.push(
        ['wrong type: number', 12345],
        ['wrong type: object', { x: 1 }],
        ['wrong type: array', ['x']],
      );
      if ((main.minLength ?? 0) > 0) list.push(['below minLength', 'x'.repeat(main.minLength! - 1)]);
      if (main.maxLength !== undefined && main.maxLength < 1_000_000)
        list.push(['above maxLength', 'x'.repeat(main.maxLength + 1)]);
      if (main.enum) list.push(['not in enum', 'not-an-allowed-value']);
      if (main.pattern || main.format) list.push(['breaks pattern/format', 'not valid ✗ %']);
      list.push(...TEXT, ['100 KB string', KB100]);
      break;
    case 'integer':
    case 'number':
      list.push(
        ['wrong type: numeric string', '12'],
        ['wrong type: boolean', true],
        ['wrong type: object', {}],
      );
      if (main.minimum !== undefined) list.push(['below minimum', main.minimum - 1]);
      if (main.maximum !== undefined) list.push(['above maximum', main.maximum + 1]);
      if (type === 'integer') list.push(['fraction', 1.5]);
      list.push(['1e308', 1e308], ['-1e308', -1e308], ['beyond safe integer', beyondSafeInteger]);
      break;
    case 'boolean':
      list.push(['wrong type: string', 'true'], ['wrong type: number', 1]);
      break;
    case 'array': {
      list.push(['wrong type: object', {}], ['wrong type: string', 'x']);
      const item = Array.isArray(base) && base.length > 0 ? base[0] : undefined;
      if ((main.minItems ?? 0) > 0)
        list.push(['below minItems', new Array(main.minItems! - 1).fill(item ?? null)]);
      if (main.maxItems !== undefined && main.maxItems < 10_000)
        list.push(['above maxItems', new Array(main.maxItems + 1).fill(item ?? null)]);
      list.push(['100,000 items', hugeArray], ['nested 5000 deep', deepArray]);
      break;
    }
    case 'object':
      list.push(
        ['wrong type: string', 'x'],
        ['wrong type: array', []],
        ['unknown field', { ...(base as object), unexpectedField: 1 }],
        ['__proto__ key', withProto(base)],
        ['constructor key', { ...(base as object), constructor: { prototype: { polluted: true } } }],
        ['NUL in key', { ...(base as object), 'a\u0000b': 'x' }],
        ['lone surrogate in key', { ...(base as object), 'k\ud800': 'x' }],
        ['nested 5000 deep', deepObject],
      );
      break;
    default:
      // Open schema (`{}`): whatever JSON can carry.
      list.push(
        ...TEXT,
        ['100 KB string', KB100],
        ['nested 5000 deep', deepObject],
        ['100,000 items', hugeArray],
      );
      list.push(['__proto__ key', withProto({})]);
  }
  return list;
}

/** Every field of a body schema, depth first: object properties (optional ones too) and first items. */
function fieldsOf(
  schema: JsonSchema,
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): Array<[(string | number)[], JsonSchema]> {
  if (depth > 8) return [];
  const main = mainBranch(schema);
  const here: Array<[(string | number)[], JsonSchema]> = path.length > 0 ? [[path, schema]] : [];
  const at = (key: string | number) => (value as Record<string | number, unknown> | undefined)?.[key];
  if (main.properties) {
    return [
      ...here,
      ...Object.entries(main.properties).flatMap(([key, property]) =>
        fieldsOf(property, at(key), [...path, key], depth + 1),
      ),
    ];
  }
  // Open items and values (`{}`) too, down the base value's own fields: batches and event properties
  // are where depth and size hurt.
  if (main.items) return [...here, ...fieldsOf(main.items, at(0), [...path, 0], depth + 1)];
  const open = typeof main.additionalProperties === 'object' ? main.additionalProperties : undefined;
  if (open || (main.type === undefined && value && typeof value === 'object')) {
    if (Array.isArray(value)) return [...here, ...fieldsOf({}, value[0], [...path, 0], depth + 1)];
    const keys = value && typeof value === 'object' ? Object.keys(value).slice(0, 12) : [];
    return [
      ...here,
      ...[...keys, ...(open ? ['someKey'] : [])].flatMap((key) =>
        fieldsOf(open ?? {}, at(key), [...path, key], depth + 1),
      ),
    ];
  }
  return here;
}

function parameterMutations(parameter: Parameter): Array<[string, string | string[] | undefined]> {
  const schema = mainBranch(parameter.schema);
  const type = typeOf(parameter.schema);
  const list: Array<[string, string | string[] | undefined]> = [];
  if (parameter.required && parameter.in !== 'path') list.push(['missing', undefined]);
  if (type === 'integer' || type === 'number') {
    list.push(['not a number', 'abc'], ['empty', ''], ['1e400', '1e400'], ['hex', '0x10']);
    if (schema.minimum !== undefined) list.push(['below minimum', String(schema.minimum - 1)]);
    if (schema.maximum !== undefined) list.push(['above maximum', String(schema.maximum + 1)]);
    if (type === 'integer') list.push(['fraction', '1.5']);
  } else if (type === 'boolean') {
    list.push(['not a boolean', 'maybe']);
  } else {
    if ((schema.minLength ?? 0) > 0) list.push(['below minLength', 'x'.repeat(schema.minLength! - 1)]);
    if (schema.maxLength !== undefined) list.push(['above maxLength', 'x'.repeat(schema.maxLength + 1)]);
    if (schema.enum) list.push(['not in enum', 'not-an-allowed-value']);
    if (schema.pattern || schema.format) list.push(['breaks pattern/format', 'not valid ✗ %']);
  }
  if (parameter.in !== 'header') list.push(...TEXT);
  list.push(['100 KB string', KB100]);
  if (parameter.in === 'query') list.push(['repeated', ['1', '2']]);
  if (parameter.in === 'path') list.push(['path traversal', '../../etc/passwd']);
  return list;
}

const withBody = (draft: Draft, text: string, contentType?: string): Draft => ({
  ...draft,
  body: contentType === undefined ? { text } : { text, contentType },
});

/**
 * The probes of one operation: each parameter and each body field made wrong in every way above, then
 * the body as a whole (invalid JSON, wrong media types, prototype keys, depth, size).
 */
export function probesOf(op: Operation, base: Draft, baseBody: unknown): Probe[] {
  const probes: Probe[] = [];
  for (const parameter of op.parameters) {
    if (parameter.in === 'cookie') continue;
    const where = parameter.in === 'path' ? 'pathParams' : parameter.in === 'query' ? 'query' : 'headers';
    for (const [kind, value] of parameterMutations(parameter)) {
      const values = { ...(base[where] as Record<string, unknown>) };
      if (value === undefined) delete values[parameter.name];
      else values[parameter.name] = value;
      probes.push({ kind, field: `${parameter.in}.${parameter.name}`, draft: { ...base, [where]: values } });
    }
  }
  const hasQuery = op.parameters.some((p) => p.in === 'query');
  if (hasQuery || op.method === 'GET') {
    const extras: Array<[string, Array<[string, string]>]> = [
      ['unknown parameter', [['unexpectedParameter', '1']]],
      [
        '__proto__ parameter',
        [
          ['__proto__', 'x'],
          ['constructor[prototype][polluted]', '1'],
        ],
      ],
      ['NUL in parameter name', [['a\u0000b', '1']]],
    ];
    for (const [kind, extra] of extras) {
      const query = { ...base.query };
      // defineProperty: an own `__proto__` key, as a query parser would see it.
      for (const [key, value] of extra) Object.defineProperty(query, key, { value, enumerable: true });
      probes.push({ kind, field: 'query', draft: { ...base, query } });
    }
  }

  const json = 'application/json';
  if (op.jsonBody) {
    for (const [path, schema] of fieldsOf(op.jsonBody, baseBody)) {
      const field = ['body', ...path].join('.');
      for (const [kind, value] of valueMutations(schema, getAt(baseBody, path))) {
        probes.push({ kind, field, draft: withBody(base, stringify(setAt(baseBody, path, value)), json) });
      }
    }
  }
  if (op.otherBody) {
    const type = op.otherBody.mediaType;
    for (const [kind, text, contentType] of [
      ['empty', '', type],
      ['NUL in text', 'a,b\nbefore\u0000after,x\n', type],
      ['lone surrogate', 'a,b\nx\ud800y,x\n', type],
      ['unbalanced quote', 'a,b\n"unterminated,x\n', type],
      ['100 KB line', `a,b\n${KB100},x\n`, type],
      ['as JSON', '{"a":1}', json],
    ] as const) {
      probes.push({ kind, field: 'body', draft: withBody(base, text, contentType) });
    }
  }
  if (op.method !== 'GET') {
    const valid = op.jsonBody ? stringify(baseBody) : '{}';
    const bodyProbes: Array<[string, string, string | undefined]> = [
      ['invalid JSON', '{"a": ', json],
      ['truncated JSON', valid.slice(0, Math.max(1, valid.length - 1)), json],
      ['empty body', '', json],
      ['JSON null', 'null', json],
      ['JSON array', '[]', json],
      ['bare string', '"hello"', json],
      ['2 MB body', stringify({ ...(baseBody as object), padding: MB2 }), json],
      ['nested 5000 deep', deepArray.text, json],
      ['100,000 items', hugeArray.text, json],
      ['text/plain', valid, 'text/plain'],
      ['form data', 'a=1&b=2', 'application/x-www-form-urlencoded'],
      [
        'multipart',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
        'multipart/form-data; boundary=x',
      ],
      ['XML', '<order><total>1</total></order>', 'application/xml'],
      ['no content type', valid, undefined],
      ['JSON in UTF-16', valid, 'application/json; charset=utf-16'],
    ];
    if (op.jsonBody) {
      bodyProbes.push(
        ['unknown field', stringify({ ...(baseBody as object), unexpectedField: true, role: 'admin' }), json],
        ['__proto__ key', withProto(baseBody).text, json],
        [
          'constructor key',
          stringify({ ...(baseBody as object), constructor: { prototype: { polluted: true } } }),
          json,
        ],
      );
    }
    for (const [kind, text, contentType] of bodyProbes) {
      probes.push({ kind, field: 'body', draft: withBody(base, text, contentType) });
    }
  }
  return probes;
}
