import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import { redactUrl } from './redact';

/** Structured JSON logs with a request id; credentials and personal secrets are never written. */
export function loggerOptions(
  service: string,
  level: string,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: {
      level,
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
