import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

export interface RelayOptions {
  url: string;
  serverKey: string;
  site: string;
  batchSize: number;
  pollIntervalMs: number;
  maxBackoffMs: number;
  timeoutMs?: number;
}

/**
 * Delivers outbox rows to the analytics ingestion API. Rows are claimed with FOR UPDATE SKIP LOCKED inside a
 * transaction held over the HTTP call, so several API instances relay side by side without sending a row twice;
 * the event id is fixed per row, so a retry after a lost answer is counted once by the service.
 */
export function createOutboxRelay(pool: pg.Pool, options: RelayOptions, log: FastifyBaseLogger) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function deliverBatch(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ id: string; payload: Record<string, unknown>; attempts: number }>(
        `select id, payload, attempts from outbox
         where delivered_at is null and next_attempt_at <= now()
         order by id limit $1 for update skip locked`,
        [options.batchSize],
      );
      if (rows.length === 0) {
        await client.query('commit');
        return 0;
      }
      const ids = rows.map((row) => row.id);
      try {
        const response = await fetch(`${options.url.replace(/\/$/, '')}/api/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.serverKey}`,
            'x-analytics-site': options.site,
          },
          body: JSON.stringify({ batch: rows.map((row) => row.payload) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        if (response.status !== 202) throw new Error(`analytics answered ${response.status}`);
        const result = (await response.json().catch(() => ({}))) as { rejected?: { index: number }[] };
        if (result.rejected?.length) {
          log.warn({ rejected: result.rejected }, 'analytics rejected order events; they are not retried');
        }
        await client.query(
          'update outbox set delivered_at = now(), attempts = attempts + 1 where id = any($1)',
          [ids],
        );
        await client.query('commit');
        return rows.length;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await client.query(
          `update outbox set attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + least($3::int, 250 * power(2, least(attempts, 16))::int) * interval '1 millisecond'
           where id = any($1)`,
          [ids, message.slice(0, 500), options.maxBackoffMs],
        );
        await client.query('commit');
        log.debug({ err: error }, 'analytics unreachable; order events stay in the outbox');
        return -1;
      }
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Delivers until nothing is due or a delivery fails; answers how many rows went out. */
  async function deliverPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await deliverBatch();
      if (sent <= 0) return total;
      total += sent;
    }
  }

  const tick = async () => {
    if (stopped) return;
    running = deliverPending().catch((error) => {
      log.error({ err: error }, 'outbox relay failed');
      return 0;
    });
    await running;
    running = null;
    if (!stopped) {
      timer = setTimeout(tick, options.pollIntervalMs);
      timer.unref();
    }
  };

  return {
    deliverPending,
    start() {
      stopped = false;
      timer = setTimeout(tick, options.pollIntervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
