import type { Variant } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { availabilityMatrix, choose, findVariant, initialVariant, optionAxes, valueState } from './variants';

let sequence = 0;
const makeVariant = (options: Record<string, string>, overrides: Partial<Variant> = {}): Variant => {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    sku: `SKU-${sequence}`,
    title: Object.values(options).join(' / '),
    options,
    price: 8299,
    compareAtPrice: null,
    currency: 'EUR',
    weightGrams: null,
    inStock: true,
    ...overrides,
  };
};

// Sneakers made in 42 white, 42 black (sold out) and 43 white; there is no 43 black.
const white42 = makeVariant({ size: '42', colour: 'white' });
const black42 = makeVariant({ size: '42', colour: 'black' }, { inStock: false });
const white43 = makeVariant({ size: '43', colour: 'white' });
const sneakers = [white42, black42, white43];

describe('variant availability', () => {
  it('lists the options in the order of the variants', () => {
    expect(optionAxes(sneakers)).toEqual([
      { name: 'size', values: ['42', '43'] },
      { name: 'colour', values: ['white', 'black'] },
    ]);
  });

  it('finds the variant of a complete choice only', () => {
    expect(findVariant(sneakers, { size: '43', colour: 'white' })).toBe(white43);
    expect(findVariant(sneakers, { size: '43', colour: 'black' })).toBeUndefined();
    expect(findVariant(sneakers, { size: '42' })).toBeUndefined();
  });

  it('tells apart a sold-out variant from a combination that is not made', () => {
    expect(valueState(sneakers, { size: '42', colour: 'white' }, 'colour', 'black')).toBe('sold_out');
    expect(valueState(sneakers, { size: '43', colour: 'white' }, 'colour', 'black')).toBe('unavailable');
    expect(valueState(sneakers, { size: '42', colour: 'white' }, 'size', '43')).toBe('available');
  });

  it('builds the matrix the picker shows', () => {
    expect(availabilityMatrix(sneakers, { size: '43', colour: 'white' })).toEqual([
      {
        name: 'size',
        values: [
          { value: '42', state: 'available', selected: false },
          { value: '43', state: 'available', selected: true },
        ],
      },
      {
        name: 'colour',
        values: [
          { value: 'white', state: 'available', selected: true },
          { value: 'black', state: 'unavailable', selected: false },
        ],
      },
    ]);
  });

  it('moves the other options to a variant that exists when a choice has no match', () => {
    expect(choose(sneakers, { size: '43', colour: 'white' }, 'colour', 'black')).toEqual({
      size: '42',
      colour: 'black',
    });
    expect(choose(sneakers, { size: '42', colour: 'white' }, 'size', '43')).toEqual({
      size: '43',
      colour: 'white',
    });
  });

  it('opens on the variant in the URL, else the first in stock', () => {
    expect(initialVariant(sneakers, white43.id)).toBe(white43);
    expect(initialVariant([black42, white43])).toBe(white43);
    expect(initialVariant([black42], 'unknown')).toBe(black42);
    expect(initialVariant([])).toBeUndefined();
  });
});
