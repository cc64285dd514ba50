import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Mailpit that provisioning starts (scripts/provision.sh, or compose's mailpit service). */
export const MAILPIT_URL = process.env.MAILPIT_URL ?? 'http://127.0.0.1:8025';
export const MAILPIT_SMTP_URL = process.env.MAILPIT_SMTP_URL ?? 'smtp://127.0.0.1:1025';

export interface MailSummary {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
}
export interface MailMessage extends MailSummary {
  HTML: string;
  Text: string;
}

/** Reads delivered mail through Mailpit's HTTP API (`/api/v1`). */
export function mailpitClient(baseUrl = MAILPIT_URL) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`);
    if (!response.ok) throw new Error(`Mailpit answered ${response.status} to ${path}`);
    return (await response.json()) as T;
  };
  const client = {
    /** Every message to this address, newest first. */
    async to(address: string) {
      const query = encodeURIComponent(`to:"${address}"`);
      return (await get<{ messages: MailSummary[] }>(`/api/v1/search?query=${query}&limit=200`)).messages;
    },
    message: (id: string) => get<MailMessage>(`/api/v1/message/${id}`),
    /** Waits for `count` messages to the address (and then reads them in full). */
    async waitFor(address: string, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await client.to(address).catch(() => []);
        if (found.length >= count) return Promise.all(found.map((summary) => client.message(summary.ID)));
        if (Date.now() > deadline)
          throw new Error(`${found.length} of ${count} messages to ${address} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** Waits for a message to the address whose subject contains `subject` (mail is sent after the answer). */
    async waitForSubject(address: string, subject: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await client.to(address).catch(() => [])).find((m) => m.Subject.includes(subject));
        if (found) return client.message(found.ID);
        if (Date.now() > deadline) throw new Error(`no message to ${address} about "${subject}" arrived`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  return client;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const MAILPIT_BIN =
  process.env.MAILPIT_BIN ?? new URL('../../../.local/bin/mailpit', import.meta.url).pathname;

/**
 * A Mailpit of the test's own (the binary provisioning built), on free ports with its own store, that the
 * test can stop and start again on the same ports: an SMTP outage without touching the shared one.
 */
export async function startPrivateMailpit() {
  if (!existsSync(MAILPIT_BIN)) {
    throw new Error(`no Mailpit binary at ${MAILPIT_BIN}: run npm run provision (or set MAILPIT_BIN)`);
  }
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const directory = mkdtempSync(join(tmpdir(), 'mailpit-'));
  let child: ChildProcess | null = null;
  const api = mailpitClient(`http://127.0.0.1:${httpPort}`);

  const start = async () => {
    child = spawn(
      MAILPIT_BIN,
      [
        '--smtp',
        `127.0.0.1:${smtpPort}`,
        '--listen',
        `127.0.0.1:${httpPort}`,
        '--database',
        join(directory, 'mailpit.db'),
        '--disable-version-check',
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error('the private Mailpit did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };

  await start();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    api,
    start,
    stop,
    async close() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
