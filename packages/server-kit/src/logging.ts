import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import { redactUrl } from './redact';

/**
 * Structured JSON logs with a request id; credentials and personal secrets are never written.
 * `pretty` (LOG_FORMAT=pretty, what `npm run dev` sets) renders the same records for a person through
 * pino-pretty, a dev dependency: production writes JSON lines for a log collector.
 */
export function loggerOptions(
  service: string,
  level: string,
  format: 'json' | 'pretty' = 'json',
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: {
      level,
      ...(format === 'pretty'
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true },
            },
          }
        : {}),
      base: { service },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*.token',
          '*.refreshToken',
          '*.accessToken',
        ],
        censor: '[redacted]',
      },
      serializers: {
        // Fastify's own request serializer, with credentials in the query string (/ws?token=…) redacted.
        req: (request: {
          method: string;
          url: string;
          host?: string;
          ip?: string;
          socket?: { remotePort?: number };
        }) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: addressOf(request),
          remotePort: request.socket?.remotePort,
        }),
      },
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  };
}

/** The client address; an injected upgrade has no socket, and proxy-addr throws for it. */
function addressOf(request: { ip?: string }) {
  try {
    return request.ip;
  } catch {
    return undefined;
  }
}
