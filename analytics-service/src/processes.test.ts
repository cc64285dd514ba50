import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  freePort,
  isolatedConfig,
  makePageview,
  removeIsolated,
  SITE,
  WRITE_KEY,
  waitFor,
} from '../test/support/environment';

const config = isolatedConfig();
const serviceDir = fileURLToPath(new URL('..', import.meta.url));
let port = 0;
let primary: ChildProcess;
const logLines: Array<{ msg?: string; pid?: number }> = [];
const listeningPids = () => logLines.filter((l) => l.msg === 'process listening').map((l) => l.pid!);

/** Each client is one keep-alive connection, so it talks to one process for as long as it lives. */
function connection() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = {
        'x-write-key': WRITE_KEY,
        'user-agent': BROWSER_UA,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const published = async () => {
    const { text } = await send('GET', '/metrics');
    return Number(/^analytics_events_published_total (\d+)$/m.exec(text)?.[1]);
  };
  return { send, published, close: () => agent.destroy() };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  port = await freePort();
  primary = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts', '--role=ingest'], {
    cwd: serviceDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MONGODB_URI: config.MONGODB_URI,
      ANALYTICS_QUEUE_PREFIX: config.ANALYTICS_QUEUE_PREFIX,
      ANALYTICS_SITES: `${SITE}:${WRITE_KEY}`,
      ANALYTICS_PROCESSES: '2',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: primary.stdout! }).on('line', (line) => {
    try {
      logLines.push(JSON.parse(line));
    } catch {}
  });
  await waitFor(
    async () => listeningPids().length,
    (count) => count >= 2,
    60_000,
  );
}, 90_000);

afterAll(async () => {
  for (const pid of [primary.pid!, ...listeningPids()]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await removeIsolated(config);
});

describe('ANALYTICS_PROCESSES=2', () => {
  it('serves one port from two processes, replaces a killed one and stops them all on SIGTERM', async () => {
    const [first, second] = listeningPids();
    expect(first).not.toBe(second);

    // Each connection publishes a different number of events, then reads its process's own counter: two
    // processes show two different totals, each the sum of the batches their connections sent.
    const clients = Array.from({ length: 4 }, connection);
    const sizes = [1, 2, 4, 8];
    for (const [i, client] of clients.entries()) {
      const response = await client.send('POST', '/api/events', {
        batch: Array.from({ length: sizes[i]! }, () => makePageview()),
      });
      expect(response.status).toBe(202);
    }
    const totals = await Promise.all(clients.map((client) => client.published()));
    for (const client of clients) client.close();
    expect(new Set(totals).size).toBe(2);
    expect([...new Set(totals)].reduce((sum, total) => sum + total, 0)).toBe(15);

    // kill -9 one process: the primary forks a replacement, whose counter starts again from zero.
    process.kill(first!, 'SIGKILL');
    await waitFor(
      async () => listeningPids().length,
      (count) => count >= 3,
      30_000,
    );
    const replacement = listeningPids()[2]!;
    expect([first, second]).not.toContain(replacement);
    expect(alive(second!)).toBe(true);
    const seen = await waitFor(
      async () => {
        const client = connection();
        const published = await client.published();
        client.close();
        return published;
      },
      (published) => published === 0,
      15_000,
    );
    expect(seen).toBe(0);

    // SIGTERM to the primary: every process closes gracefully and none is left.
    const exited = once(primary, 'exit');
    primary.kill('SIGTERM');
    const [code] = (await Promise.race([
      exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error('primary did not exit')), 20_000)),
    ])) as [number | null];
    expect(code).toBe(0);
    await waitFor(
      async () => [second!, replacement].filter(alive),
      (left) => left.length === 0,
      5_000,
    );
  }, 90_000);
});
