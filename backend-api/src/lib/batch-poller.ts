import type { FastifyBaseLogger } from 'fastify';

/**
 * The loop of an outbox relay: every `pollIntervalMs`, deliver batches until one sends nothing or fails
 * (`deliverBatch` answers how many went out, or -1 when the receiver is unreachable). One tick at a time;
 * `stop` waits for the tick in flight. Used by the event outbox and the mail outbox relays.
 */
export function createBatchPoller(
  deliverBatch: () => Promise<number>,
  options: { pollIntervalMs: number; log: FastifyBaseLogger; name: string },
) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  /** Delivers until nothing is due or a delivery fails; answers how many went out. */
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
      options.log.error({ err: error }, `${options.name} failed`);
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
