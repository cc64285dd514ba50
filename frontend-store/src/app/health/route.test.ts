import { describe, expect, it } from 'vitest';
import { GET } from './route';

describe('the storefront health route', () => {
  it('answers 200 with a JSON status, for the image health check and a load balancer', async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
