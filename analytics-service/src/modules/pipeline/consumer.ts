import { type EnrichedEvent, EventsMessage } from '@shopstream/contracts';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import type { RabbitConnection } from '../../rabbit';
import type { AggregationService, StoredEvents } from '../aggregates/service';
import { assertTopology, type TopologyNames } from './topology';

export interface ConsumerOptions {
  prefetch: number;
  batchSize: number;
  batchWaitMs: number;
  deliveryLimit: number;
  recoverAfterMs: number;
  /** A write of one batch taking longer than this (MongoDB answering nothing) calls `onStuck`. */
  stuckAfterMs?: number;
  /** What to do about a stuck write; the server exits, so that a restart starts afresh (crash-only). */
  onStuck?: () => void;
  /** What the process still waits for from MongoDB, logged with a stuck write. */
  describeStuck?: () => unknown;
  /** Last time MongoDB answered any command of this process: a long batch write still makes progress. */
  lastMongoSuccessAt?: () => number;
}

interface Pending {
  channel: ConfirmChannel;
  message: ConsumeMessage;
  events: EnrichedEvent[];
}

/** What a worker tells every instance after a write and every second, for the lag figures. */
export interface StoredBatchNotice {
  kind: 'stored';
  worker: string;
  at: string;
  /** Events written by this batch (0 in the periodic report). */
  stored: number;
  /** Receive time of the oldest event this worker holds unwritten. */
  oldestReceivedAt: string | undefined;
}

/**
 * Takes event messages with a bounded prefetch, writes them to MongoDB in batches (size or time,
 * whichever first) and acks only after the write. A message that is not an events message, and each
 * event the store refuses for its content, is dead-lettered with its reason (the rest of its batch is
 * stored and counted); MongoDB outages are waited out with the messages unacked.
 */
export class EventConsumer {
  private channel: ConfirmChannel | undefined;
  private buffer: Pending[] = [];
  private bufferedEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private recoveryTimer: NodeJS.Timeout | undefined;
  private reportTimer: NodeJS.Timeout | undefined;
  /** Last time a write or the recovery sweep succeeded, or nothing waited to be written. */
  private progressAt = Date.now();
  storedTotal = 0;
  /** Messages this process sent to the dead-letter queue: unreadable messages and refused events. */
  deadLetteredTotal = 0;

  constructor(
    private readonly rabbit: RabbitConnection,
    private readonly names: TopologyNames,
    private readonly aggregation: AggregationService,
    private readonly options: ConsumerOptions,
    private readonly log: FastifyBaseLogger,
    private readonly notify: (notice: StoredBatchNotice) => void,
  ) {}

  start() {
    void this.connectLoop();
    this.recoveryTimer = setInterval(
      () => {
        this.flushing = this.flushing
          .then(() => this.aggregation.recoverPending(this.options.recoverAfterMs))
          .then((count) => {
            this.progressAt = Date.now();
            if (count) this.log.info({ applies: count }, 'recovered unfinished applies');
          })
          .catch((error) => this.log.warn({ err: error }, 'recovery sweep failed'));
      },
      Math.max(1000, Math.min(10_000, this.options.recoverAfterMs)),
    );
    // Also while a write hangs (MongoDB away): the age of the oldest waiting event must keep showing.
    this.reportTimer = setInterval(() => {
      this.report(0);
      this.checkProgress();
    }, 1000);
  }

  /**
   * Retries cover passing errors; this covers a client that does not come back: a MongoDB call that
   * never answers, or a driver that keeps failing server selection after its server returned (both seen
   * after FerretDB restarted). Events wait and MongoDB has answered nothing for too long: `onStuck`
   * replaces the client (during a real outage that just happens again, losing nothing).
   */
  private checkProgress() {
    const waiting = this.buffer.length > 0 || this.flushingOldest !== undefined;
    if (!waiting) this.progressAt = Date.now();
    const progressAt = Math.max(this.progressAt, this.options.lastMongoSuccessAt?.() ?? 0);
    if (waiting && Date.now() - progressAt > (this.options.stuckAfterMs ?? 30_000)) {
      this.log.error(
        { buffered: this.bufferedEvents, waitingFor: this.options.describeStuck?.() },
        'no MongoDB write has succeeded in time while events wait: stuck',
      );
      this.progressAt = Date.now();
      this.options.onStuck?.();
    }
  }

  private report(stored: number) {
    this.notify({
      kind: 'stored',
      worker: this.aggregation.worker,
      at: new Date().toISOString(),
      stored,
      oldestReceivedAt: this.flushingOldest ?? this.oldestBuffered(),
    });
  }

  /** Receive time of the oldest event of the batch being written, if any. */
  private flushingOldest: string | undefined;

  /** The receive time of the oldest event waiting in this worker, if any. */
  oldestBuffered(): string | undefined {
    return this.buffer[0]?.events[0]?.receivedAt;
  }

  private async connectLoop() {
    let delay = 250;
    while (!this.stopped) {
      try {
        const connection = await this.rabbit.ensure();
        // A confirm channel: a message is acked only once its dead letters are safely in the queue.
        const channel = await connection.createConfirmChannel();
        channel.on('error', (error) => this.log.warn({ err: error }, 'consumer channel error'));
        await assertTopology(channel, this.names, this.options.deliveryLimit);
        await channel.prefetch(this.options.prefetch);
        const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
        await channel.consume(this.names.eventsQueue, (message) => this.receive(channel, message), {
          noAck: false,
        });
        this.channel = channel;
        delay = 250;
        await closed;
        this.channel = undefined;
        // Unacked messages of a closed channel go back to the queue; their tags are void now.
        this.buffer = this.buffer.filter((p) => p.channel !== channel);
        this.bufferedEvents = this.buffer.reduce((sum, p) => sum + p.events.length, 0);
      } catch (error) {
        if (this.stopped) return;
        this.log.warn({ err: error }, 'consumer cannot reach RabbitMQ, retrying');
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage | null) {
    if (!message) return;
    let parsed: EventsMessage;
    try {
      parsed = EventsMessage.parse(JSON.parse(message.content.toString('utf8')));
    } catch (error) {
      const reason = `invalid message: ${error instanceof Error ? error.message : error}`;
      this.sendDeadLetter(channel, message, message.content, reason);
      void this.confirmThenAck(channel, [message]);
      return;
    }
    this.buffer.push({ channel, message, events: parsed.events });
    this.bufferedEvents += parsed.events.length;
    if (this.bufferedEvents >= this.options.batchSize) this.scheduleFlush(0);
    else this.scheduleFlush(this.options.batchWaitMs);
  }

  /** Publishes one dead letter: the original message's properties, the reason in `x-dead-reason`. */
  private sendDeadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    content: Buffer,
    reason: string,
    eventId?: string,
  ) {
    this.log.warn({ reason, messageId: message.properties.messageId, eventId }, 'dead-lettering');
    const headers: Record<string, unknown> = {
      ...message.properties.headers,
      'x-dead-reason': reason.slice(0, 500),
    };
    if (eventId) headers['x-dead-event-id'] = eventId;
    channel.publish(this.names.deadExchange, '', content, {
      ...message.properties,
      headers,
      persistent: true,
    });
    this.deadLetteredTotal++;
  }

  /**
   * Acks once the broker has confirmed the dead letters published before. Failing that, the channel is
   * closed so the messages come back: their stored events are then duplicates, their refused ones are
   * refused again.
   */
  private async confirmThenAck(channel: ConfirmChannel, messages: ConsumeMessage[]) {
    try {
      await channel.waitForConfirms();
    } catch (error) {
      this.log.warn({ err: error }, 'dead letters not confirmed; their messages will be redelivered');
      await channel.close().catch(() => {});
      return;
    }
    for (const message of messages) channel.ack(message);
  }

  private scheduleFlush(delay: number) {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing
        .then(() => this.flush())
        .catch(async (error) => {
          // Crash-only: closing the channel returns its unacked messages to the queue for a fresh try.
          this.log.error({ err: error }, 'a batch could not be finished; its messages go back to the queue');
          await this.channel?.close().catch(() => {});
        });
    }, delay);
  }

  private async flush() {
    const batch: Pending[] = [];
    let count = 0;
    while (this.buffer.length && count < this.options.batchSize) {
      const next = this.buffer.shift()!;
      batch.push(next);
      count += next.events.length;
    }
    this.bufferedEvents -= count;
    if (!batch.length) return;
    if (this.buffer.length) this.scheduleFlush(this.bufferedEvents >= this.options.batchSize ? 0 : 1);
    const events = batch.flatMap((p) => p.events);
    this.flushingOldest = events[0]?.receivedAt;
    let delay = 100;
    let refused: StoredEvents['refused'] = [];
    for (;;) {
      try {
        const started = Date.now();
        const result = await this.aggregation.storeEvents(events);
        this.storedTotal += result.inserted;
        refused = result.refused;
        this.progressAt = Date.now();
        if (this.progressAt - started > SLOW_WRITE_MS)
          this.log.warn({ events: events.length, ms: this.progressAt - started }, 'slow MongoDB write');
        else this.log.debug({ events: events.length, ms: this.progressAt - started }, 'stored a batch');
        break;
      } catch (error) {
        if (this.stopped) return;
        this.log.warn({ err: error, events: events.length }, 'cannot write to MongoDB, retrying');
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }
    const reasons = new Map(refused.map((r) => [r.id, r.reason]));
    // A channel closed meanwhile already returned its messages to the queue: the write is a duplicate then.
    const current = batch.filter((pending) => pending.channel === this.channel);
    for (const pending of current) {
      for (const event of pending.events) {
        const reason = reasons.get(event.id);
        if (!reason) continue;
        this.sendDeadLetter(
          pending.channel,
          pending.message,
          deadLetterOf(event, pending.message),
          reason,
          event.id,
        );
      }
    }
    const channel = current[0]?.channel;
    if (channel) {
      if (refused.length)
        await this.confirmThenAck(
          channel,
          current.map((p) => p.message),
        );
      else for (const pending of current) channel.ack(pending.message);
    }
    this.flushingOldest = undefined;
    this.report(events.length);
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.recoveryTimer);
    clearInterval(this.reportTimer);
    clearTimeout(this.timer);
    await this.flushing.catch(() => {});
    await this.channel?.close().catch(() => {});
  }
}

/**
 * The dead letter of one refused event: a message of its own, so that it can be replayed alone. An event
 * too deep to serialise again travels in its original message (named by `x-dead-event-id`).
 */
function deadLetterOf(event: EnrichedEvent, message: ConsumeMessage): Buffer {
  try {
    return Buffer.from(JSON.stringify({ events: [event] }));
  } catch {
    return message.content;
  }
}

/** A batch write slower than this is logged: the first sign of a struggling MongoDB. */
const SLOW_WRITE_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
