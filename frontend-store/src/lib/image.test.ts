import { describe, expect, it } from 'vitest';
import { isLocalHost, optimizable } from './image';

describe('optimizable', () => {
  const api = 'https://api.shop.example';

  it('leaves SVG pictures to the browser', () => {
    expect(optimizable('https://api.shop.example/catalog/placeholders/mug.svg', api)).toBe(false);
  });

  it('optimizes raster pictures served by the commerce API', () => {
    expect(optimizable('https://api.shop.example/images/mug.jpg', api)).toBe(true);
  });

  it('shows pictures from other hosts as they are', () => {
    expect(optimizable('https://cdn.elsewhere.example/mug.jpg', api)).toBe(false);
    expect(optimizable('not a url', api)).toBe(false);
  });
});

describe('isLocalHost', () => {
  it('knows this machine and private networks', () => {
    for (const host of [
      'localhost',
      'shop.localhost',
      '127.0.0.1',
      '[::1]',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.10',
    ])
      expect(isLocalHost(host), host).toBe(true);
  });

  it('leaves public hosts and addresses to the optimizer’s own check', () => {
    for (const host of ['api.shop.example', '8.8.8.8', '172.32.0.1', '192.169.0.1', 'localhost.example.com'])
      expect(isLocalHost(host), host).toBe(false);
  });
});
