import { deflateSync, inflateSync } from 'node:zlib';
import { SESSION_DIMENSIONS } from '@shopstream/contracts';
import {
  SESSION_COUNTERS,
  type SessionCounter,
  type SessionDoc,
  type StoredEventDoc,
} from '../aggregates/documents';

export type SessionDimension = (typeof SESSION_DIMENSIONS)[number];

/** One line of an order, as the products report counts it. */
export interface DigestOrderLine {
  productId: string;
  name?: string;
  quantity: number;
  price: number;
}

/** An event of a session, reduced to what filtered reports, breakdowns and conversions read. */
export interface DigestEvent {
  at: number;
  type: string;
  name: string;
  path?: string;
  /** `properties.product_id` when it is text. */
  product?: string;
  /** `properties.name` when it is text (the products report names its rows with it). */
  productName?: string;
  visitorId: string;
  country?: string;
  trusted: boolean;
  /** An order's lines (`properties.products`). */
  lines?: DigestOrderLine[];
}

/**
 * A session as the filtered reports read it, from a day digest or built live from `sessions` and `events`
 * by the same function: its session-scoped dimensions (every one of `SESSION_DIMENSIONS`), its counters
 * and, when asked for, its events in the order they happened.
 */
export interface DigestSession {
  /** The session's own id (the events' `sessionId`). */
  id: string;
  first: number;
  last: number;
  visitorId: string;
  dims: Partial<Record<SessionDimension, string>>;
  n: Record<SessionCounter, number>;
  events?: DigestEvent[];
}

/**
 * A session dimension's value on a stored session: `exit_page` is its last pageview's path, every other
 * one the top-level copy the drain writes of its entry (`dimensionsOf`), else the entry's own field. So a
 * dimension added to the contracts' list and to the session's entry flows into digests with no change here.
 */
function dimensionOf(doc: SessionDoc, dimension: SessionDimension): string | undefined {
  if (dimension === 'exit_page') return doc.exit?.path;
  if (dimension === 'entry_page') return doc.entry_page ?? doc.entry?.path;
  const top = (doc as unknown as Record<string, unknown>)[dimension];
  if (typeof top === 'string') return top;
  const inEntry = (doc.entry as unknown as Record<string, unknown> | undefined)?.[dimension];
  return typeof inEntry === 'string' ? inEntry : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function digestEventOf(event: StoredEventDoc): DigestEvent {
  const p = event.properties ?? {};
  const digest: DigestEvent = {
    at: event.occurredAt.getTime(),
    type: event.type,
    name: event.name,
    visitorId: event.visitorId,
    trusted: event.trusted,
  };
  if (event.path !== undefined) digest.path = event.path;
  const product = text(p.product_id);
  if (product !== undefined) digest.product = product;
  const productName = text(p.name);
  if (productName !== undefined) digest.productName = productName;
  if (event.country !== undefined) digest.country = event.country;
  if (Array.isArray(p.products)) {
    digest.lines = (p.products as Array<Record<string, unknown>>)
      .filter((line) => typeof line?.product_id === 'string')
      .map((line) => ({
        productId: line.product_id as string,
        ...(typeof line.name === 'string' ? { name: line.name } : {}),
        quantity: Number(line.quantity ?? 1),
        price: Number(line.price ?? 0),
      }));
  }
  return digest;
}

/** Events in the order they happened, ties by id, as the visitor funnel orders them. */
const byTime = (a: StoredEventDoc, b: StoredEventDoc) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * The reportable sessions among `docs` (those with a first pageview), with their events from `events`
 * (any order, other sessions' events ignored) when given. The one function the worker's digests and
 * the live tail are both built with, so the two cannot disagree.
 */
export function digestSessionsOf(
  site: string,
  docs: SessionDoc[],
  events?: StoredEventDoc[],
): DigestSession[] {
  const sessions: DigestSession[] = [];
  const byId = new Map<string, DigestSession>();
  for (const doc of docs) {
    if (!doc.first || !doc.last) continue;
    const dims: DigestSession['dims'] = {};
    for (const dimension of SESSION_DIMENSIONS) {
      const value = dimensionOf(doc, dimension);
      if (value !== undefined) dims[dimension] = value;
    }
    const n = {} as Record<SessionCounter, number>;
    for (const counter of SESSION_COUNTERS) n[counter] = Number(doc.n?.[counter] ?? 0);
    const session: DigestSession = {
      id: doc._id.slice(site.length + 1),
      first: doc.first.getTime(),
      last: doc.last.getTime(),
      visitorId: doc.visitorId ?? '',
      dims,
      n,
      ...(events ? { events: [] } : {}),
    };
    sessions.push(session);
    byId.set(session.id, session);
  }
  if (events) {
    for (const event of [...events].sort(byTime)) {
      const session = byId.get(event.sessionId);
      session?.events?.push(digestEventOf(event));
    }
  }
  return sessions.sort((a, b) => a.first - b.first || (a.id < b.id ? -1 : 1));
}

// Packed form: one dictionary of every text of a part, and rows of numbers and dictionary indexes (-1:
// absent), as JSON, deflated, in one binary field. FerretDB 1.24 decodes a stored document at a cost per
// document and per field or array element (bench/filtered-reports), so a day's thousands of sessions
// cost one document and one field instead of thousands of each.

class Dictionary {
  readonly words: string[] = [];
  private readonly index = new Map<string, number>();
  of(word: string | undefined): number {
    if (word === undefined) return -1;
    let i = this.index.get(word);
    if (i === undefined) {
      i = this.words.length;
      this.words.push(word);
      this.index.set(word, i);
    }
    return i;
  }
}

type PackedLine = [number, number, number, number];
type PackedEvent = [number, number, number, number, number, number, number, number, number, PackedLine[] | 0];

/**
 * The sessions part, in columns (they deflate best): the first pageview's time from the day's start, the
 * length, the visitor as a number of the day (`visitors`: the day's visitor ids, numbered once for all of
 * its parts), each dimension (in the order of `dims`, so adding one changes no packed column) and counter.
 * Session and visitor ids are in the events part: they are most of the bytes and only event reads need them.
 */
export function packSessions(
  sessions: DigestSession[],
  dayStart: number,
  visitors: Map<string, number>,
): Buffer {
  const dict = new Dictionary();
  const numberOf = (visitorId: string) => {
    let n = visitors.get(visitorId);
    if (n === undefined) {
      n = visitors.size;
      visitors.set(visitorId, n);
    }
    return n;
  };
  return deflateSync(
    JSON.stringify({
      dims: SESSION_DIMENSIONS,
      counters: SESSION_COUNTERS,
      first: sessions.map((s) => s.first - dayStart),
      length: sessions.map((s) => s.last - s.first),
      visitor: sessions.map((s) => numberOf(s.visitorId)),
      values: SESSION_DIMENSIONS.map((d) => sessions.map((s) => dict.of(s.dims[d]))),
      counts: SESSION_COUNTERS.map((c) => sessions.map((s) => s.n[c])),
      words: dict.words,
    }),
  );
}

/** A sessions part: ids and visitor ids stand in (`#<visitor number>`, unique within the day) until `unpackEventsInto`. */
export function unpackSessions(data: Uint8Array, dayStart: number): DigestSession[] {
  const packed = JSON.parse(inflateSync(data).toString()) as {
    dims: SessionDimension[];
    counters: SessionCounter[];
    first: number[];
    length: number[];
    visitor: number[];
    values: number[][];
    counts: number[][];
    words: string[];
  };
  return packed.first.map((offset, i) => {
    const first = dayStart + offset;
    const session: DigestSession = {
      id: '',
      first,
      last: first + packed.length[i]!,
      visitorId: `#${packed.visitor[i]}`,
      dims: {},
      n: {} as Record<SessionCounter, number>,
    };
    packed.dims.forEach((d, j) => {
      const word = packed.words[packed.values[j]![i]!];
      if (word !== undefined) session.dims[d] = word;
    });
    for (const c of SESSION_COUNTERS) session.n[c] = 0;
    packed.counters.forEach((c, j) => {
      session.n[c] = packed.counts[j]![i] ?? 0;
    });
    return session;
  });
}

/** The events part: for each session of the sessions part, in the same order, its id, visitor and events. */
export function packEvents(sessions: DigestSession[]): Buffer {
  const dict = new Dictionary();
  const rows = sessions.map((s) =>
    (s.events ?? []).map(
      (e): PackedEvent => [
        e.at - s.first,
        dict.of(e.type),
        dict.of(e.name),
        dict.of(e.path),
        dict.of(e.product),
        dict.of(e.productName),
        e.visitorId === s.visitorId ? -1 : dict.of(e.visitorId),
        dict.of(e.country),
        e.trusted ? 1 : 0,
        e.lines ? e.lines.map((l) => [dict.of(l.productId), dict.of(l.name), l.quantity, l.price]) : 0,
      ],
    ),
  );
  return deflateSync(
    JSON.stringify({
      ids: sessions.map((s) => s.id),
      visitors: sessions.map((s) => s.visitorId),
      words: dict.words,
      rows,
    }),
  );
}

/** Puts the ids, visitor ids and events of an events part on the sessions of its sessions part. */
export function unpackEventsInto(sessions: DigestSession[], data: Uint8Array) {
  const { ids, visitors, words, rows } = JSON.parse(inflateSync(data).toString()) as {
    ids: string[];
    visitors: string[];
    words: string[];
    rows: PackedEvent[][];
  };
  sessions.forEach((s, i) => {
    s.id = ids[i]!;
    s.visitorId = visitors[i]!;
    s.events = (rows[i] ?? []).map(
      ([dt, type, name, path, product, productName, visitor, country, trusted, lines]) => {
        const e: DigestEvent = {
          at: s.first + dt,
          type: words[type]!,
          name: words[name]!,
          visitorId: visitor === -1 ? s.visitorId : words[visitor]!,
          trusted: trusted === 1,
        };
        if (path !== -1) e.path = words[path];
        if (product !== -1) e.product = words[product];
        if (productName !== -1) e.productName = words[productName];
        if (country !== -1) e.country = words[country];
        if (lines) {
          e.lines = lines.map(([id, lineName, quantity, price]) => ({
            productId: words[id]!,
            ...(lineName !== -1 ? { name: words[lineName]! } : {}),
            quantity,
            price,
          }));
        }
        return e;
      },
    );
  });
}
