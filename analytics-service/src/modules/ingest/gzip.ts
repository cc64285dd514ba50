import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ValidationFailed } from '@shopstream/server-kit';
import type { FastifyRequest } from 'fastify';

/**
 * A `Content-Encoding: gzip` body, inflated as it is read, as Segment's HTTP API takes it. The route's
 * body limit counts the inflated bytes (a small bomb is refused with 413); `receivedEncodedLength` is what
 * Fastify compares with Content-Length.
 */
export function gunzipped(request: FastifyRequest, payload: Readable): Readable {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip')
    throw ValidationFailed([{ field: 'headers.content-encoding', message: 'must be gzip or identity' }]);
  const inflated = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    inflated.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (error) => inflated.destroy(error));
  inflated.on('error', () => {});
  payload.pipe(inflated);
  return inflated;
}
