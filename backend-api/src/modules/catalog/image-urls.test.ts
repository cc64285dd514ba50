import { describe, expect, it } from 'vitest';
import { imageUrls } from './image-urls';

describe('image URLs', () => {
  const here = imageUrls('https://api.shop.example/');

  it('stores our own images as paths and answers them on this API', () => {
    const stored = here.toStored('https://api.shop.example/uploads/abc.webp');
    expect(stored).toBe('/uploads/abc.webp');
    expect(here.toPublic(stored)).toBe('https://api.shop.example/uploads/abc.webp');
    expect(imageUrls('http://localhost:4851').toPublic(stored)).toBe(
      'http://localhost:4851/uploads/abc.webp',
    );
  });

  it('keeps images hosted elsewhere, and other paths of this API, as given', () => {
    for (const url of [
      'https://cdn.example.com/uploads/abc.webp',
      'https://api.shop.example/admin/products',
      'https://api.shop.example.evil.com/uploads/x.png',
    ]) {
      expect(here.toStored(url)).toBe(url);
      expect(here.toPublic(url)).toBe(url);
    }
  });

  it('moves rows written with a development API address to this API', () => {
    const api = imageUrls('http://localhost:4851');
    expect(api.toPublic('http://localhost:5005/catalog/placeholders/mug-blue.svg')).toBe(
      'http://localhost:4851/catalog/placeholders/mug-blue.svg',
    );
    expect(api.toPublic('http://127.0.0.1:5005/uploads/a.png')).toBe('http://localhost:4851/uploads/a.png');
    expect(api.toPublic('http://localhost:5005/elsewhere/a.png')).toBe(
      'http://localhost:5005/elsewhere/a.png',
    );
  });
});
