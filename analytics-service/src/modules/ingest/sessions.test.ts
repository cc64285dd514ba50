import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { VisitorSessions } from './sessions';

const prefix = `test:sessions_${randomBytes(5).toString('hex')}:`;
const connect = () => new Redis('redis://127.0.0.1:6379', { keyPrefix: prefix, maxRetriesPerRequest: 1 });
// Two connections stand for two ingest processes.
const redisA = connect();
const redisB = connect();

afterAll(async () => {
  const keys = await redisA.keys(`${prefix}*`);
  if (keys.length) await redisA.del(...keys.map((key) => key.slice(prefix.length)));
  redisA.disconnect();
  redisB.disconnect();
});

const minutes = (n: number) => n * 60_000;
const base = Date.UTC(2026, 10, 20, 9, 0);

describe('inactivity sessions', () => {
  it('ends a session after the configured minutes without an event', async () => {
    const sessions = new VisitorSessions(5, redisA);
    const visitorId = randomUUID();
    const ids = await sessions.resolve('shop', [
      { visitorId, at: base },
      { visitorId, at: base + minutes(4) },
      { visitorId, at: base + minutes(10) },
    ]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).toBe(`v:${visitorId}:${base.toString(36)}`);
  });

  it('gives one visitor the same sessions from two processes taking its events at once', async () => {
    const visitorId = randomUUID();
    const other = randomUUID();
    const [fromA, fromB] = await Promise.all([
      new VisitorSessions(30, redisA).resolve('shop', [
        { visitorId, at: base + minutes(1) },
        { visitorId: other, at: base },
      ]),
      new VisitorSessions(30, redisB).resolve('shop', [
        { visitorId, at: base + minutes(20) },
        { visitorId, at: base },
      ]),
    ]);
    expect(new Set([fromA[0], fromB[0], fromB[1]]).size).toBe(1);
    expect(fromA[1]).not.toBe(fromA[0]);
    // A later request continues it, from either process.
    const [later] = await new VisitorSessions(30, redisA).resolve('shop', [
      { visitorId, at: base + minutes(45) },
    ]);
    expect(later).toBe(fromA[0]);
  });

  it('keeps sites apart and falls back to one session a day without Redis', async () => {
    const visitorId = randomUUID();
    const [inShop] = await new VisitorSessions(30, redisA).resolve('shop', [{ visitorId, at: base }]);
    const [inOther] = await new VisitorSessions(30, redisA).resolve('other', [
      { visitorId, at: base + minutes(1) },
    ]);
    expect(inOther).not.toBe(inShop);
    const unlinked = new VisitorSessions(30, undefined);
    expect(await unlinked.resolve('shop', [{ visitorId, at: base }])).toEqual([`v:${visitorId}:2026-11-20`]);
  });
});
