import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** The subset of JSON Schema (2020-12, as @fastify/swagger writes it from the zod schemas) the suite reads. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  /** `GET /admin/products/{id}`: how the suite names an operation in its output. */
  id: string;
  parameters: Parameter[];
  /** The JSON body schema, when the body is JSON. */
  jsonBody?: JsonSchema;
  /** Another documented body media type (`text/csv`) and its schema. */
  otherBody?: { mediaType: string; schema: JsonSchema };
  bodyRequired: boolean;
  /** A bearer token is required (the document's `security`). */
  secured: boolean;
  /** Roles allowed, when the document names them (`x-roles`). */
  roles?: string[];
}

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
        security?: unknown[];
        'x-roles'?: string[];
      }
    >
  >;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of an OpenAPI document, so a new route is fuzzed without editing the suite. */
export function operationsOf(document: unknown): Operation[] {
  const doc = document as Document;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        const other = Object.entries(content).find(([type]) => type !== 'application/json');
        return {
          method: method.toUpperCase(),
          path,
          id: `${method.toUpperCase()} ${path}`,
          parameters: op.parameters ?? [],
          ...(json ? { jsonBody: json } : {}),
          ...(other ? { otherBody: { mediaType: other[0], schema: other[1].schema } } : {}),
          bodyRequired: op.requestBody?.required ?? Boolean(json || other),
          secured: Boolean(op.security?.length),
          ...(op['x-roles'] ? { roles: op['x-roles'] } : {}),
        };
      }),
  );
}

/** A request as the server will see it once parsed: what the document's schemas are checked against. */
export interface ParsedRequest {
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** `undefined` when no body is sent; `unparseable` when the bytes are not what the media type says. */
  body: { mediaType: string; value: unknown } | 'unparseable' | undefined;
}

function makeAjv(coerceTypes: boolean) {
  // Formats are annotations here: zod writes a `pattern` beside each format it checks, and Ajv's own
  // formats differ from zod's (its email format refuses addresses zod's pattern takes).
  const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes, validateFormats: false });
  return ajv;
}

/**
 * Decides whether a request breaks the operation's documented contract. Parameters are checked the way
 * they arrive (strings, coerced to the documented type); the body as parsed JSON.
 */
export class ContractJudge {
  private readonly strict = makeAjv(false);
  private readonly coercing = makeAjv(true);
  private readonly strictValidators = new Map<JsonSchema, ValidateFunction>();
  private readonly coercingValidators = new Map<JsonSchema, ValidateFunction>();

  /** Whether one value satisfies a schema; parameters (`coerce`) arrive as strings, as Fastify parses them. */
  accepts(schema: JsonSchema, value: unknown, coerce = false): boolean {
    const cache = coerce ? this.coercingValidators : this.strictValidators;
    let validate = cache.get(schema);
    if (!validate) {
      validate = coerce
        ? this.coercing.compile({ type: 'object', properties: { value: schema }, required: ['value'] })
        : this.strict.compile(schema);
      cache.set(schema, validate);
    }
    // Coercion rewrites the value in place; the request itself must stay as it was sent.
    return coerce ? validate({ value: structuredClone(value) }) : validate(value);
  }

  /** The first way the request breaks the contract, or undefined when it keeps it. */
  violation(op: Operation, request: ParsedRequest): string | undefined {
    for (const parameter of op.parameters) {
      const source =
        parameter.in === 'path'
          ? request.pathParams
          : parameter.in === 'query'
            ? request.query
            : parameter.in === 'header'
              ? request.headers
              : {};
      const value = source[parameter.name];
      if (value === undefined) {
        if (parameter.required) return `${parameter.in} ${parameter.name} is missing`;
        continue;
      }
      if (!this.accepts(parameter.schema, value, true)) return `${parameter.in} ${parameter.name} is invalid`;
    }
    const body = request.body;
    if (op.jsonBody || op.otherBody) {
      if (body === undefined) return op.bodyRequired ? 'the body is missing' : undefined;
      if (body === 'unparseable') return 'the body is not what its media type says';
      const schema =
        body.mediaType === 'application/json'
          ? op.jsonBody
          : body.mediaType === op.otherBody?.mediaType
            ? op.otherBody.schema
            : undefined;
      if (!schema) return `the media type ${body.mediaType} is not documented`;
      if (!this.accepts(schema, body.value)) return 'the body does not match its schema';
    }
    return undefined;
  }
}
