import { describe, expect, it } from 'vitest';
import {
  buildVariantMatrix,
  combinations,
  optionsOfVariants,
  splitValues,
  suggestSku,
} from './variant-matrix';

describe('the variant matrix', () => {
  it('makes one variant per combination of size and colour', () => {
    const rows = combinations([
      { name: 'size', values: ['S', 'M'] },
      { name: 'colour', values: ['red', 'blue'] },
    ]);
    expect(rows).toEqual([
      { size: 'S', colour: 'red' },
      { size: 'S', colour: 'blue' },
      { size: 'M', colour: 'red' },
      { size: 'M', colour: 'blue' },
    ]);
  });

  it('gives a product without options a single variant', () => {
    expect(combinations([])).toEqual([{}]);
    expect(buildVariantMatrix([], [], 'mug')).toHaveLength(1);
  });

  it('keeps the SKU, price and stock of combinations that already exist', () => {
    const existing = [
      { id: 'v1', sku: 'TEE-S', options: { size: 'S' }, price: '19.90', compareAtPrice: '', stockOnHand: 7 },
    ];
    const rows = buildVariantMatrix([{ name: 'size', values: ['S', 'M'] }], existing, 'Tee');
    expect(rows[0]).toMatchObject({ id: 'v1', sku: 'TEE-S', stockOnHand: 7 });
    expect(rows[1]).toMatchObject({ sku: 'TEE-M', price: '19.90', stockOnHand: 0 });
    expect(rows[1]?.id).toBeUndefined();
  });

  it('suggests SKUs from letters and digits only', () => {
    expect(suggestSku('Linen shirt!', { size: 'x l', colour: 'Sky blue' })).toBe('LINEN-SHIRT-X-L-SKY-BLUE');
  });

  it('splits comma-separated values without blanks or repeats', () => {
    expect(splitValues(' S, M,, S ,L ')).toEqual(['S', 'M', 'L']);
  });

  it('recovers the options from existing variants', () => {
    expect(
      optionsOfVariants([
        { options: { size: 'S', colour: 'red' } },
        { options: { size: 'M', colour: 'red' } },
      ]),
    ).toEqual([
      { name: 'size', values: ['S', 'M'] },
      { name: 'colour', values: ['red'] },
    ]);
  });
});
