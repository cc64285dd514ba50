import { describe, expect, it } from 'vitest';
import { checkHealth } from './service-status';

const answering = (status: number) => (async () => new Response(null, { status })) as unknown as typeof fetch;

describe('service status', () => {
  it('is reachable when /health answers 200, unreachable on an error status or no answer', async () => {
    const signal = new AbortController().signal;
    expect(await checkHealth('http://api.test', signal, answering(200))).toBe('reachable');
    expect(await checkHealth('http://api.test', signal, answering(503))).toBe('unreachable');
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await checkHealth('http://api.test', signal, down)).toBe('unreachable');
  });

  it('says nothing once the screen that asked is gone (aborted)', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = (async () => {
      throw new DOMException('aborted', 'AbortError');
    }) as unknown as typeof fetch;
    await expect(checkHealth('http://api.test', controller.signal, aborted)).rejects.toThrow('aborted');
  });
});
