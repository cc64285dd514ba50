import type { Channel } from 'amqplib';
import type { Config } from '../../config';

/** Names of the queues and exchanges, all under one prefix so environments and tests never share them. */
export function topologyNames(config: Pick<Config, 'ANALYTICS_QUEUE_PREFIX'>) {
  const prefix = config.ANALYTICS_QUEUE_PREFIX;
  return {
    eventsQueue: `${prefix}.events`,
    deadExchange: `${prefix}.events.dead`,
    deadQueue: `${prefix}.events.dead`,
    liveExchange: `${prefix}.live`,
  };
}
export type TopologyNames = ReturnType<typeof topologyNames>;

/**
 * Declares the durable quorum queue with its delivery limit and dead-letter exchange, the dead-letter
 * queue, and the fanout exchange of live updates. Idempotent: every process declares it on connect.
 */
export async function assertTopology(channel: Channel, names: TopologyNames, deliveryLimit: number) {
  await channel.assertExchange(names.deadExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.deadQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(names.deadQueue, names.deadExchange, '');
  await channel.assertQueue(names.eventsQueue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': names.deadExchange,
    },
  });
  await channel.assertExchange(names.liveExchange, 'fanout', { durable: true });
}
