import type { FastifyBaseLogger } from 'fastify';
import type { WithTransaction } from '../../db/transaction';
import { createBatchPoller } from '../../lib/batch-poller';
import type { OutboxRepository } from './repository';

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
export function createOutboxRelay(
  repository: OutboxRepository,
  withTransaction: WithTransaction,
  options: RelayOptions,
  log: FastifyBaseLogger,
) {
  async function deliverBatch(): Promise<number> {
    // Committed on both outcomes: a failed delivery records its attempt and when to try again.
    return withTransaction(async (tx) => {
      const rows = await repository.claimDue(tx, options.batchSize);
      if (rows.length === 0) return 0;
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
        await repository.markDelivered(tx, ids);
        return rows.length;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await repository.markFailed(tx, ids, message, options.maxBackoffMs);
        log.debug({ err: error }, 'analytics unreachable; order events stay in the outbox');
        return -1;
      }
    });
  }

  const poller = createBatchPoller(deliverBatch, {
    pollIntervalMs: options.pollIntervalMs,
    log,
    name: 'outbox relay',
  });
  return {
    deliverPending: poller.deliverPending,
    start: poller.start,
    stop: poller.stop,
  };
}
export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
