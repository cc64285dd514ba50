import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationFailed } from '@shopstream/server-kit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffOnly } from '../../plugins/auth';
import { problems } from '../../plugins/route-schemas';

const UPLOAD_LIMIT = 5 * 1024 * 1024;

// Raster formats only: an SVG could carry script. The bytes must agree with the declared type.
const formats = {
  'image/png': {
    extension: 'png',
    matches: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')),
  },
  'image/jpeg': { extension: 'jpg', matches: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/gif': { extension: 'gif', matches: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  'image/webp': {
    extension: 'webp',
    matches: (b: Buffer) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
} as const;
type ImageType = keyof typeof formats;
const typeOfExtension = Object.fromEntries(
  Object.entries(formats).map(([type, format]) => [format.extension, type]),
) as Record<string, ImageType>;

export const ImageUpload = z.object({
  url: z.string().describe('Where the image is served; use it in ImageInput.url'),
});

/**
 * Product pictures uploaded by staff: the raw image is the request body, stored under a random name
 * and served back with its own type, nosniff and a CSP that allows nothing to run.
 */
export const uploadRoutes: FastifyPluginAsyncZod<{ directory: string; publicUrl: string }> = async (
  app,
  { directory, publicUrl },
) => {
  await mkdir(directory, { recursive: true });

  app.addContentTypeParser(
    Object.keys(formats),
    { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/admin/uploads',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        ...staffOnly,
        tags: ['admin'],
        summary: 'Upload a product image (PNG, JPEG, GIF or WebP, up to 5 MB) as the raw request body',
        consumes: Object.keys(formats),
        response: { 201: ImageUpload, ...problems(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() as ImageType;
      const format = formats[type];
      const body = request.body as unknown;
      if (!format || !Buffer.isBuffer(body) || body.length === 0 || !format.matches(body)) {
        throw ValidationFailed([{ field: 'file', message: 'must be a PNG, JPEG, GIF or WebP image' }]);
      }
      const name = `${randomUUID()}.${format.extension}`;
      await writeFile(join(directory, name), body, { flag: 'wx' });
      const origin = publicUrl.replace(/\/$/, '');
      return reply.status(201).send({ url: `${origin}/uploads/${name}` });
    },
  );

  app.get(
    '/uploads/:name',
    {
      schema: {
        tags: ['catalog'],
        summary: 'An uploaded product image',
        params: z.strictObject({
          name: z.string().regex(/^[0-9a-f-]{36}\.(png|jpg|gif|webp)$/, 'must be an uploaded file name'),
        }),
      },
    },
    async (request, reply) => {
      const extension = request.params.name.split('.').pop() ?? '';
      let bytes: Buffer;
      try {
        bytes = await readFile(join(directory, request.params.name));
      } catch {
        return reply.callNotFound();
      }
      return reply
        .type(typeOfExtension[extension] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .send(bytes);
    },
  );
};
