import { describe, expect, it } from 'vitest';
import { demoCatalog } from '../../db/seed';
import { describeIllustration, illustrationSvg } from './illustrations';

describe('demo product illustrations', () => {
  it('draws the kind of product its name says, in the colour it names', () => {
    expect(describeIllustration('lightweight-court-sneakers-sneakers-7-white')).toMatchObject({
      kind: 'sneaker',
      colour: '#f5f5f2',
    });
    expect(describeIllustration('classic-mug-mugs-1-blue')).toMatchObject({ kind: 'mug', colour: '#3b6db3' });
    expect(describeIllustration('urban-cargo-trousers-trousers-4-khaki').kind).toBe('trousers');
    expect(describeIllustration('classic-t-shirt-t-shirts-1-navy').kind).toBe('tshirt');
    expect(describeIllustration('urban-bucket-hat-hats-3').kind).toBe('bucket-hat');
    expect(describeIllustration('trail-floor-lamp-lamps-2-black').kind).toBe('floor-lamp');
    expect(describeIllustration('weekend-sweatshirt-hoodies-9-grey').kind).toBe('hoodie');
  });

  it('gives a kind without a colour option its own colour, and anything else a parcel', () => {
    expect(describeIllustration('heritage-chelsea-boots-boots-2')).toMatchObject({
      kind: 'boot',
      colour: '#7a4d2b',
    });
    expect(describeIllustration('mystery-item-3').kind).toBe('parcel');
  });

  it('is a self-contained SVG that names the product and escapes nothing it should not', () => {
    const svg = illustrationSvg('classic-mug-mugs-1-blue');
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* aria-label="classic mug mugs 1 blue">/,
    );
    expect(svg).toContain('fill="#3b6db3"');
    expect(svg).not.toMatch(/href=|<script|<image/);
  });

  it('draws every demo product as its own kind, in each of its colours', () => {
    const catalog = demoCatalog();
    const names = catalog.flatMap(({ product }) =>
      (product.images ?? []).map((image) =>
        image.url
          .split('/')
          .pop()!
          .replace(/\.svg$/, ''),
      ),
    );
    expect(names.length).toBeGreaterThan(catalog.length);
    expect(names.filter((name) => describeIllustration(name).kind === 'parcel')).toEqual([]);
    for (const { product } of catalog) {
      const colours = [...new Set(product.variants.map((variant) => variant.options.colour).filter(Boolean))];
      if (colours.length === 0) continue;
      expect(product.images?.map((image) => image.alt)).toEqual(
        colours.map((c) => `${product.title} in ${c}`),
      );
    }
  });
});
