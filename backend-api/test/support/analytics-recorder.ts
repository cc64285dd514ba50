import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventInput } from '@shopstream/contracts';

export interface RecordedEvent {
  id: string;
  event: string;
  properties: Record<string, unknown>;
}

/**
 * Stands in for the analytics ingestion API (POST /api/events with the server key): validates each event
 * against the shared event spec, records it, and can be stopped and started again on the same port.
 */
export async function startAnalyticsRecorder(serverKey: string) {
  const received: RecordedEvent[] = [];
  const invalid: unknown[] = [];
  let requests = 0;
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          requests += 1;
          if (request.url !== '/api/events' || request.headers.authorization !== `Bearer ${serverKey}`) {
            response.writeHead(401, { 'content-type': 'application/problem+json' }).end('{}');
            return;
          }
          const parsed = JSON.parse(body) as { batch?: unknown[] };
          const events = parsed.batch ?? [parsed];
          const ids: string[] = [];
          for (const raw of events) {
            const event = EventInput.safeParse(raw);
            if (!event.success) {
              invalid.push({ raw, issues: event.error.issues });
              continue;
            }
            received.push({
              id: event.data.id!,
              event: event.data.event!,
              properties: event.data.properties ?? {},
            });
            ids.push(event.data.id!);
          }
          response
            .writeHead(202, { 'content-type': 'application/json' })
            .end(JSON.stringify({ accepted: ids.length, ids, filtered: 0, rejected: [] }));
        });
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port;
        server = next;
        resolve();
      });
    });

  await listen();
  return {
    received,
    invalid,
    get requests() {
      return requests;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    /** Analytics goes down: the port refuses connections. */
    async stop() {
      const current = server;
      server = null;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    /** Analytics comes back on the same port. */
    start: listen,
  };
}
