import type { EventsMessage } from '@shopstream/contracts';
import type { ConfirmChannel } from 'amqplib';
import type { RabbitConnection } from '../../rabbit';
import { assertTopology, type TopologyNames } from './topology';

const CONFIRM_TIMEOUT_MS = 5000;

/**
 * Publishes accepted events as persistent messages on a confirm channel and resolves only once the
 * broker has confirmed them; rejects when the broker is unreachable or does not confirm in time.
 */
export class EventPublisher {
  private channel: ConfirmChannel | undefined;
  private opening: Promise<ConfirmChannel> | undefined;

  constructor(
    private readonly rabbit: RabbitConnection,
    private readonly names: TopologyNames,
    private readonly deliveryLimit: number,
  ) {}

  private async ensureChannel(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    this.opening ??= (async () => {
      const connection = await this.rabbit.ensure();
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => {});
      channel.setMaxListeners(0);
      channel.on('close', () => {
        if (this.channel === channel) this.channel = undefined;
      });
      await assertTopology(channel, this.names, this.deliveryLimit);
      this.channel = channel;
      return channel;
    })().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  async publishEvents(message: EventsMessage, messageId: string): Promise<void> {
    const channel = await this.ensureChannel();
    const body = Buffer.from(JSON.stringify(message));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no publisher confirm in time')), CONFIRM_TIMEOUT_MS);
      const onClose = () => {
        clearTimeout(timer);
        reject(new Error('channel closed before the confirm'));
      };
      channel.once('close', onClose);
      channel.sendToQueue(
        this.names.eventsQueue,
        body,
        { persistent: true, contentType: 'application/json', messageId, timestamp: Date.now() },
        (error) => {
          clearTimeout(timer);
          channel.off('close', onClose);
          if (error) reject(error instanceof Error ? error : new Error('broker refused the message'));
          else resolve();
        },
      );
    });
  }

  /** Fire-and-forget broadcast to every instance (live feed): losing one update is harmless. */
  async broadcast(payload: unknown): Promise<void> {
    const channel = await this.ensureChannel();
    channel.publish(this.names.liveExchange, '', Buffer.from(JSON.stringify(payload)));
  }

  /** Messages ready in the events queue, and in the dead-letter queue. */
  async queueDepths(): Promise<{ waiting: number; deadLettered: number }> {
    const channel = await this.ensureChannel();
    const waiting = (await channel.checkQueue(this.names.eventsQueue)).messageCount;
    const deadLettered = (await channel.checkQueue(this.names.deadQueue)).messageCount;
    return { waiting, deadLettered };
  }

  async close() {
    await this.channel?.close().catch(() => {});
  }
}
