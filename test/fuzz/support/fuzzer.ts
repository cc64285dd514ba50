import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Known, valid } from './arbitraries';
import { probesOf } from './mutations';
import { ContractJudge, type Operation, operationsOf } from './openapi';
import { type Draft, urlOf, violationOf } from './requests';

/** The fixed seed (FUZZ_SEED overrides it): the same seed sends the same requests. */
export const SEED = Number(process.env.FUZZ_SEED ?? 1212);
/** Valid-shaped requests per operation and identity (FUZZ_RUNS overrides it). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 10);

export interface Identity {
  name: string;
  headers: Record<string, string>;
}

export interface FuzzTarget {
  service: string;
  app: FastifyInstance;
  /** Every identity each operation is called as with valid-shaped requests. */
  identities: Identity[];
  /** Who sends the probes of an operation: past its auth check, so the probes reach validation. */
  proberOf: (op: Operation, index: number) => Identity;
  /** Values that exist in the test data, offered for parameters whose schema they fit (ids, slugs). */
  knownValues: string[];
  /**
   * Bodies an operation accepts that its document cannot describe (events in a batch the schema leaves
   * open): sent as valid-shaped requests too, so probes can start from one and reach inside it.
   */
  examples?: (op: Operation) => unknown[];
  /** Media types an operation reads as JSON though its document lists only application/json. */
  readsAsJson?: (op: Operation) => string[];
  /** The test data's own value for a path parameter of an operation (`/admin/products/{id}` → the product). */
  pathValue?: (op: Operation, parameter: string) => string | undefined;
  /** Skipped operations, each with why (none should be). */
  skip?: (op: Operation) => boolean;
  /** What changed in the stores: compared before and after each refused request. */
  writeMark: () => Promise<string>;
  /** Refused requests that may write, with why (a declined payment records the attempt). */
  mayWriteWhenRefused?: (op: Operation, status: number) => boolean;
  /** Called after each operation: an operation may end a session (logout), so identities are renewed. */
  renewIdentities?: () => Promise<void>;
}

export interface Failure {
  operation: string;
  kind: string;
  field: string;
  status: number;
  problem: string;
  request: string;
}

export interface FuzzReport {
  service: string;
  seed: number;
  operations: number;
  requests: number;
  byClass: Record<string, number>;
  invalidRequests: number;
  /** Requests after which the stores had changed: the write check is alive only if accepted ones show. */
  writesSeen: number;
  failures: Failure[];
  /** Guarded operations no request got past authentication on (coverage would be a lie). */
  neverPastAuth: string[];
  /** Operations no request was accepted by (shown, so thin coverage is visible). */
  neverAccepted: string[];
  seconds: number;
}

// Bounded repetitions: the body may echo a 100 KB URL (`instance`), and `[\w.]+\.ts` on it would backtrack for minutes.
const STACK =
  /\n\s+at |\bat [\w.<>]{1,100} \(|[\w/.-]{1,200}\.(?:ts|js|mjs|cjs):\d+|\/(?:work|home|usr|src|node_modules)\//;
const SQL =
  /\b(?:select|insert|update|delete)\s.{0,200}\b(?:from|into|set)\b|relation "|syntax error|violates [\w ]{0,40}constraint|duplicate key|SQLSTATE|\bpg_|\b(?:22P02|22001|22003|22007|22008|22021|23502|23503|23505|23514|40001|40P01|42601|42703|42P01|57014)\b/i;

/** Why a response breaks the suite's rules, or undefined. */
export function judgeResponse(
  status: number,
  contentType: string | undefined,
  body: string,
  violation: string | undefined,
): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (violation && status < 300)
    return `answered ${status} to a request that breaks the contract (${violation})`;
  if (status < 400) return undefined;
  if (!/^application\/problem\+json/.test(contentType ?? ''))
    return `error without application/problem+json (${contentType})`;
  let problem: { detail?: unknown; status?: unknown; type?: unknown };
  try {
    problem = JSON.parse(body);
  } catch {
    return 'error body is not JSON';
  }
  if (typeof problem.type !== 'string' || problem.status !== status)
    return 'problem without type or with another status';
  if (typeof problem.detail !== 'string' || problem.detail.trim().length < 8)
    return 'problem without a meaningful detail';
  // `instance` is the request's own URL, whatever the client put in it.
  if (STACK.test(JSON.stringify({ ...problem, instance: undefined })))
    return 'problem shows a stack trace or a file path';
  if (SQL.test(problem.detail)) return 'problem detail shows SQL or a database error';
  return undefined;
}

/** A stable number per operation, so adding a route changes no other operation's requests. */
const seedOf = (op: Operation) => {
  let hash = SEED;
  for (const char of op.id) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
};

function requestArbitrary(op: Operation, judge: ContractJudge, target: FuzzTarget) {
  const knownValues = target.knownValues;
  const known: Known = { values: knownValues, fits: (schema, value) => judge.accepts(schema, value) };
  const knownParameter: Known = {
    values: knownValues,
    fits: (schema, value) => judge.accepts(schema, value, true),
  };
  const group = (where: 'path' | 'query' | 'header') => {
    const parameters = op.parameters.filter((p) => p.in === where);
    return fc.record(
      Object.fromEntries(
        parameters.map((p) => {
          const generated = valid(p.schema, 0, knownParameter).map(String);
          const own = where === 'path' ? target.pathValue?.(op, p.name) : undefined;
          return [
            p.name,
            own === undefined
              ? generated
              : fc.oneof({ arbitrary: fc.constant(own), weight: 3 }, { arbitrary: generated, weight: 1 }),
          ];
        }),
      ),
      { requiredKeys: parameters.filter((p) => p.required || where === 'path').map((p) => p.name) },
    ) as fc.Arbitrary<Record<string, string>>;
  };
  return fc.record({
    pathParams: group('path'),
    query: group('query'),
    headers: group('header'),
    body: op.jsonBody
      ? valid(op.jsonBody, 0, known)
      : op.otherBody
        ? valid(op.otherBody.schema)
        : fc.constant(undefined),
  });
}

/** How far a request got: probes start from the valid-shaped request that got furthest. */
const progressOf = (status: number) =>
  status < 300 ? 4 : status === 401 || status === 403 ? 0 : status === 400 ? 1 : status === 413 ? 1 : 3;

const describe = (op: Operation, draft: Draft) => {
  const body = draft.body
    ? ` ${draft.body.contentType ?? '(no content type)'} ${draft.body.text.slice(0, 300)}`
    : '';
  return `${op.method} ${urlOf(op, draft).slice(0, 300)}${body}`;
};

/** Fuzzes every operation of the app's own OpenAPI document and reports what it saw. */
export async function fuzz(target: FuzzTarget, document: unknown): Promise<FuzzReport> {
  const started = Date.now();
  const judge = new ContractJudge();
  const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;
  const operations = operationsOf(document).filter((op) => !target.skip?.(op) && (!only || only.test(op.id)));
  const report: FuzzReport = {
    service: target.service,
    seed: SEED,
    operations: operations.length,
    requests: 0,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    invalidRequests: 0,
    writesSeen: 0,
    failures: [],
    neverPastAuth: [],
    neverAccepted: [],
    seconds: 0,
  };
  let mark = await target.writeMark();

  const send = async (op: Operation, identity: Identity, draft: Draft, kind: string, field: string) => {
    const violation = violationOf(judge, op, draft, target.readsAsJson?.(op));
    const headers: Record<string, string> = { ...identity.headers, ...draft.headers };
    if (draft.body?.contentType) headers['content-type'] = draft.body.contentType;
    const options: InjectOptions = {
      method: op.method as InjectOptions['method'],
      url: urlOf(op, draft),
      headers,
      ...(draft.body ? { payload: draft.body.text } : {}),
    };
    const sentAt = Date.now();
    const response = await target.app.inject(options);
    if (process.env.FUZZ_VERBOSE && Date.now() - sentAt > 500)
      process.stderr.write(
        `  slow (${Date.now() - sentAt} ms): ${op.id} [${field} ${kind}] ${response.statusCode}\n`,
      );
    report.requests += 1;
    report.byClass[`${String(response.statusCode)[0]}xx`] =
      (report.byClass[`${String(response.statusCode)[0]}xx`] ?? 0) + 1;
    if (violation) report.invalidRequests += 1;
    const status = response.statusCode;
    let problem = judgeResponse(
      status,
      response.headers['content-type'] as string | undefined,
      response.body,
      violation,
    );
    const after = await target.writeMark();
    if (!problem && status >= 400 && after !== mark && !target.mayWriteWhenRefused?.(op, status)) {
      problem = `refused with ${status} but wrote to the store`;
    }
    if (after !== mark) report.writesSeen += 1;
    mark = after;
    if (process.env.FUZZ_TRACE)
      process.stderr.write(
        `${status} ${op.id} [${field} ${kind}] as ${identity.name}: ${response.body.slice(0, 160)}\n`,
      );
    if (problem) {
      const failure = {
        operation: op.id,
        kind,
        field,
        status,
        problem,
        request: `as ${identity.name}: ${describe(op, draft)} → ${response.body.slice(0, 300)}`,
      };
      report.failures.push(failure);
    }
    return status;
  };

  for (const op of operations) {
    const opStarted = Date.now();
    const requestsBefore = report.requests;
    const seed = seedOf(op);
    const samples = fc.sample(requestArbitrary(op, judge, target), {
      seed,
      numRuns: RUNS * target.identities.length + 1,
    });
    const toDraft = (sample: (typeof samples)[number]): Draft => ({
      pathParams: sample.pathParams,
      query: sample.query,
      headers: sample.headers,
      ...(sample.body === undefined
        ? {}
        : op.jsonBody
          ? { body: { text: JSON.stringify(sample.body), contentType: 'application/json' } }
          : { body: { text: String(sample.body), contentType: op.otherBody!.mediaType } }),
    });
    let pastAuth = !op.secured;
    let base = samples[0]!;
    let baseProgress = -1;
    const examples = (target.examples?.(op) ?? []).map((body) => ({ ...samples[0]!, body }));
    for (const [index, sample] of [...samples.slice(1), ...examples].entries()) {
      const identity =
        index < samples.length - 1
          ? target.identities[index % target.identities.length]!
          : target.proberOf(op, index);
      const status = await send(op, identity, toDraft(sample), 'valid-shaped', '*');
      if (status !== 401 && status !== 403) pastAuth = true;
      if (progressOf(status) > baseProgress) {
        base = sample;
        baseProgress = progressOf(status);
      }
    }
    for (const [index, probe] of probesOf(op, toDraft(base), base.body).entries()) {
      const status = await send(op, target.proberOf(op, index), probe.draft, probe.kind, probe.field);
      if (status !== 401 && status !== 403) pastAuth = true;
    }
    if (!pastAuth) report.neverPastAuth.push(op.id);
    if (baseProgress < 4) report.neverAccepted.push(op.id);
    if (process.env.FUZZ_VERBOSE)
      process.stderr.write(
        `${op.id}: ${report.requests - requestsBefore} requests, ${Date.now() - opStarted} ms\n`,
      );
    if (target.renewIdentities) {
      await target.renewIdentities();
      mark = await target.writeMark();
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** The figures the suite prints: requests, outcomes by status class, the seed, the failures. */
export function summary(report: FuzzReport): string {
  const lines = [
    `fuzz ${report.service}: ${report.requests} requests over ${report.operations} operations in ${report.seconds.toFixed(1)} s, seed ${report.seed} (FUZZ_SEED=${report.seed} FUZZ_RUNS=${RUNS} reproduces)`,
    `  outcomes: ${Object.entries(report.byClass)
      .map(([klass, count]) => `${klass} ${count}`)
      .join(
        ', ',
      )}; ${report.invalidRequests} requests broke the contract; ${report.writesSeen} changed the stores`,
    `  failures: ${report.failures.length}`,
  ];
  // One line per kind of failure, with its first request to reproduce it.
  const groups = new Map<string, Failure[]>();
  for (const failure of report.failures) {
    const key = `${failure.operation} [${failure.field} ${failure.kind}] ${failure.problem}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  for (const [key, failures] of groups)
    lines.push(`    ${failures.length} × ${key}\n      ${failures[0]!.request}`);
  if (report.neverAccepted.length > 0)
    lines.push(`  no valid-shaped request accepted (2xx) by: ${report.neverAccepted.join(', ')}`);
  if (report.neverPastAuth.length > 0)
    lines.push(`  never past authentication: ${report.neverPastAuth.join(', ')}`);
  return lines.join('\n');
}
