import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { httpsOnlyStrictTransportSecurity, STRICT_TRANSPORT_SECURITY } from './strict-transport-security';

const opened: { close: () => Promise<unknown> }[] = [];
afterAll(() => Promise.all(opened.map((app) => app.close())));

async function build(options: FastifyServerOptions & { https?: { key: Buffer; cert: Buffer } } = {}) {
  const app = Fastify({ logger: false, ...options });
  await app.register(httpsOnlyStrictTransportSecurity);
  app.get('/thing', async () => ({ ok: true }));
  await app.ready();
  opened.push(app);
  return app;
}

/** A throwaway self-signed certificate for localhost, made by the machine's openssl. */
function selfSignedCertificate() {
  const folder = mkdtempSync(join(tmpdir(), 'hsts-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(folder, 'key.pem'),
      '-out',
      join(folder, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(folder, 'key.pem')), cert: readFileSync(join(folder, 'cert.pem')) };
}

describe('HSTS only over https', () => {
  it('sends no Strict-Transport-Security over plain http', async () => {
    const app = await build();
    const response = await app.inject({ url: '/thing' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends it when a trusted proxy says the request came over https, also on errors', async () => {
    const app = await build({ trustProxy: '127.0.0.1' });
    const headers = { 'x-forwarded-proto': 'https' };
    const found = await app.inject({ url: '/thing', headers });
    expect(found.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
    const missing = await app.inject({ url: '/nothing-here', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
  });

  it('ignores X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const app = await build({ trustProxy: '10.1.2.3' });
    const response = await app.inject({ url: '/thing', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends it on a request that arrived over TLS', async () => {
    const app = await build({ https: selfSignedCertificate() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const header = await new Promise<string | string[] | undefined>((resolve, reject) => {
      httpsRequest({ host: '127.0.0.1', port, path: '/thing', rejectUnauthorized: false }, (response) => {
        response.resume();
        resolve(response.headers['strict-transport-security']);
      })
        .on('error', reject)
        .end();
    });
    expect(header).toBe(STRICT_TRANSPORT_SECURITY);
  });
});
