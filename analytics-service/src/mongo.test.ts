import { once } from 'node:events';
import { connect, createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isolatedConfig, removeIsolated, waitFor } from '../test/support/environment';
import { AggregatesRepository } from './modules/aggregates/repository';
import { MongoConnection } from './mongo';

const config = isolatedConfig();
const replaced: string[] = [];
const connection = new MongoConnection(config.MONGODB_URI, (reason) => replaced.push(reason));

afterAll(async () => {
  await connection.close();
  await removeIsolated(config);
});

describe('the MongoDB connection', () => {
  it('replaces its client, and code holding its database source carries on with the new one', async () => {
    const repository = new AggregatesRepository(connection.db);
    const before = connection.client;
    await repository.beginApply('conn:1', new Date());
    connection.replace('a test');
    expect(connection.client).not.toBe(before);
    expect(replaced).toEqual(['a test']);
    expect(await repository.claimApply('conn:1')).toBe('applying');
    // The old client is closed: nothing goes through it any more.
    await expect(before.db().command({ ping: 1 })).rejects.toThrow();
  });

  it('tells when MongoDB last answered', async () => {
    const before = connection.succeededAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await connection.db().command({ ping: 1 });
    expect(connection.succeededAt).toBeGreaterThan(before);
  });

  it('starts while MongoDB is away and works once it is there (the driver alone would stay closed)', async () => {
    // A TCP relay to the test server, not listening yet: MongoDB as seen by a service started before it.
    const url = new URL(config.MONGODB_URI);
    const upstreamPort = Number(url.port);
    const port = await freePort();
    const relay: Server = createServer((socket) => {
      const upstream = connect(upstreamPort, url.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    url.host = `127.0.0.1:${port}`;
    const reasons: string[] = [];
    const late = new MongoConnection(url.toString(), (reason) => reasons.push(reason));
    try {
      await expect(late.db().command({ ping: 1 })).rejects.toThrow();
      relay.listen(port, '127.0.0.1');
      await once(relay, 'listening');
      const answered = await waitFor(
        () =>
          late
            .db()
            .command({ ping: 1 })
            .then(
              (reply) => reply.ok,
              () => 0,
            ),
        (ok) => ok === 1,
        15_000,
      );
      expect(answered).toBe(1);
      // Replaced after its first failed connection, reported once however many retries it took.
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/could not connect/);
    } finally {
      await late.close();
      relay.close();
    }
  }, 30_000);
});
