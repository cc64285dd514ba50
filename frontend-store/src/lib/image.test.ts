import { describe, expect, it } from 'vitest';
import { optimizable } from './image';

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
