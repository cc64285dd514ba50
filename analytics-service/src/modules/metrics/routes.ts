import { bearerTokenGuard } from '@shopstream/server-kit';
import type { FastifyPluginAsync } from 'fastify';
import type { LiveHub } from '../live/hub';

export interface Counters {
  published: () => number;
  rejected: () => number;
  filtered: () => number;
  stored: () => number;
  deadLettered: () => number;
  mongoCommands: () => number;
  mongoOperations: () => number;
  /** Operations by `<collection> <command>`. */
  mongoOperationsBy: () => ReadonlyMap<string, number>;
}

/**
 * Prometheus text exposition of the lag figures and the counters of this process. With a token it asks
 * for it (`Authorization: Bearer`); without one it is open only outside production.
 */
export const metricsRoutes: FastifyPluginAsync<{
  hub: LiveHub;
  counters: Counters;
  token: string | undefined;
  production: boolean;
}> = async (app, { hub, counters, token, production }) => {
  if (production && !token) app.log.warn('METRICS_TOKEN is not set: /metrics stays closed in production');
  const guard = token || production ? bearerTokenGuard(token) : undefined;
  app.get(
    '/metrics',
    { schema: { hide: true }, ...(guard ? { onRequest: guard } : {}) },
    async (_request, reply) => {
      await hub.refreshQueueDepth();
      const lag = hub.lag();
      const lines: string[] = [];
      const metric = (name: string, type: 'gauge' | 'counter', help: string, value: number) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
      };
      metric(
        'analytics_queue_depth',
        'gauge',
        'Messages ready in the events queue (-1 when unknown).',
        lag.queueDepth,
      );
      metric(
        'analytics_oldest_unprocessed_age_seconds',
        'gauge',
        'Age of the oldest event received but not yet written to MongoDB.',
        lag.oldestUnprocessedAgeSeconds,
      );
      metric(
        'analytics_drain_rate_events_per_second',
        'gauge',
        'Events written to MongoDB per second (all workers, last 10 s).',
        lag.drainRatePerSecond,
      );
      metric(
        'analytics_events_published_total',
        'counter',
        'Events confirmed by RabbitMQ in this process.',
        counters.published(),
      );
      metric(
        'analytics_events_rejected_total',
        'counter',
        'Invalid events refused by this process.',
        counters.rejected(),
      );
      metric(
        'analytics_events_filtered_total',
        'counter',
        'Bot, spam, DNT and GPC events dropped by this process.',
        counters.filtered(),
      );
      metric(
        'analytics_events_stored_total',
        'counter',
        'New events written to MongoDB by this process.',
        counters.stored(),
      );
      metric(
        'analytics_dead_letter_queue_depth',
        'gauge',
        'Messages in the dead-letter queue: events the store refused, unreadable messages (-1 when unknown).',
        lag.deadLettered,
      );
      metric(
        'analytics_dead_lettered_total',
        'counter',
        'Messages this process sent to the dead-letter queue (one per refused event or unreadable message).',
        counters.deadLettered(),
      );
      metric(
        'analytics_mongodb_commands_total',
        'counter',
        'MongoDB commands this process sent (heartbeats excluded).',
        counters.mongoCommands(),
      );
      metric(
        'analytics_mongodb_operations_total',
        'counter',
        'Operations in those commands: each document inserted, each update or delete, one per other command.',
        counters.mongoOperations(),
      );
      lines.push(
        '# HELP analytics_mongodb_collection_operations_total The same operations by collection and command.',
        '# TYPE analytics_mongodb_collection_operations_total counter',
      );
      for (const [by, value] of counters.mongoOperationsBy()) {
        const [collection, command] = by.split(' ');
        lines.push(
          `analytics_mongodb_collection_operations_total{collection="${collection}",command="${command}"} ${value}`,
        );
      }
      metric(
        'analytics_ws_clients',
        'gauge',
        'Live feed clients connected to this process.',
        hub.clients.size,
      );
      return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
    },
  );
};
