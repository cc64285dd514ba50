import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedConfig, removeIsolated, SITE, staffToken } from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig({ LOG_LEVEL: 'info' });
const logs: string[] = [];
const app = await buildApp(config, { role: 'ingest', logStream: { write: (line) => logs.push(line) } });

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  await removeIsolated(config);
});

describe('a token in the /ws query string', () => {
  it('is not echoed in the problem instance nor written to the log when it is refused', async () => {
    const token = 'not.a-valid.token-7f3a9c';
    const answer = await app.inject({ method: 'GET', url: `/ws?site=${SITE}&token=${token}` });
    expect(answer.statusCode).toBe(401);
    expect(answer.json().instance).toBe(`/ws?site=${SITE}&token=[redacted]`);
    expect(answer.body).not.toContain(token);
    expect(logs.join('')).toContain('/ws?site=');
    expect(logs.join('')).not.toContain(token);
  });

  it('is not written to the log when the connection is accepted', async () => {
    const token = await staffToken(config);
    const socket = await app.injectWS(`/ws?site=${SITE}&token=${token}`);
    socket.terminate();
    expect(logs.join('')).not.toContain(token);
    expect(logs.join('')).not.toContain(token.split('.')[2]);
  });
});
