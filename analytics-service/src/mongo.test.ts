import { afterAll, describe, expect, it } from 'vitest';
import { AggregatesRepository } from './modules/aggregates/repository';
import { MongoConnection } from './mongo';
import { isolatedConfig, removeIsolated } from './test-support/environment';

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
});
