import { findUnstorableText } from '@shopstream/contracts';
import { mainBranch } from './arbitraries';
import type { ContractJudge, JsonSchema, Operation, ParsedRequest } from './openapi';

/** What the suite sends: parameters as values (encoded on the way out) and the body as bytes. */
export interface Draft {
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: { text: string; contentType?: string };
}

/**
 * Percent-encodes any string, lone surrogates included (as the three bytes WTF-8 gives them, which no
 * UTF-8 decoder accepts): `encodeURIComponent` throws on them, a hostile client does not.
 */
export function encodeComponent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(value[i]!);
  }
  return out;
}

export function urlOf(op: Operation, draft: Draft): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeComponent(draft.pathParams[name] ?? ''),
  );
  const query = Object.entries(draft.query)
    .flatMap(([key, value]) =>
      [value].flat().map((item) => `${encodeComponent(key)}=${encodeComponent(item)}`),
    )
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** The body without what the document leaves open item by item (`items: {}`): the service checks those. */
function describedPart(schema: JsonSchema | undefined, value: unknown, depth = 0): unknown {
  if (!schema || depth > 20) return value;
  const main = mainBranch(schema);
  if (Array.isArray(value)) {
    if (main.items && Object.keys(main.items).length === 0) return [];
    return value.map((item) => describedPart(main.items, item, depth + 1));
  }
  if (value && typeof value === 'object' && main.properties) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        describedPart(main.properties?.[key], item, depth + 1),
      ]),
    );
  }
  return value;
}

const arrivingQueryValue = (value: string) => (value.isWellFormed() ? value : encodeComponent(value));

/** The request as the server parses it, for the judge. */
export function parsedOf(draft: Draft, readsAsJson: string[] = []): ParsedRequest {
  let body: ParsedRequest['body'];
  if (draft.body) {
    const sent = (draft.body.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const mediaType = readsAsJson.includes(sent) ? 'application/json' : sent;
    if (mediaType === 'application/json') {
      try {
        body = { mediaType, value: JSON.parse(draft.body.text) };
      } catch {
        body = 'unparseable';
      }
    } else body = { mediaType, value: draft.body.text };
  }
  // The query parser keeps a value it cannot decode (a lone surrogate's bytes) as the percent-encoded
  // text; an empty value is an absent parameter (server-kit's validator compiler).
  const query = Object.fromEntries(
    Object.entries(draft.query)
      .filter(([, value]) => value !== '')
      .map(([key, value]) => [
        key,
        Array.isArray(value) ? value.map(arrivingQueryValue) : arrivingQueryValue(value),
      ]),
  );
  return { pathParams: draft.pathParams, query, headers: draft.headers, body };
}

/**
 * Whether the request breaks the documented contract, or the platform's rule that text storage would
 * refuse (NUL, unpaired surrogates) is refused everywhere.
 */
export function violationOf(
  judge: ContractJudge,
  op: Operation,
  draft: Draft,
  readsAsJson: string[] = [],
): string | undefined {
  const parsed = parsedOf(draft, readsAsJson);
  const contract = judge.violation(op, parsed);
  if (contract) return contract;
  const inQuery = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const text = findUnstorableText({
    path: parsed.pathParams,
    query: Object.fromEntries(Object.entries(parsed.query).filter(([key]) => inQuery.has(key))),
    body:
      (op.jsonBody || op.otherBody) && parsed.body && parsed.body !== 'unparseable'
        ? describedPart(op.jsonBody, parsed.body.value)
        : null,
  });
  return text ? `${text.path.join('.')} holds text storage refuses` : undefined;
}
