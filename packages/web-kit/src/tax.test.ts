import { describe, expect, it } from 'vitest';
import { formatTaxRate, taxLabel } from './tax';

describe('tax labels', () => {
  it('writes a rate in basis points as a percentage of the locale', () => {
    expect(formatTaxRate(1900, 'en-IE')).toBe('19%');
    expect(formatTaxRate(2150, 'en-IE')).toBe('21.5%');
    expect(formatTaxRate(2000, 'de-DE')).toMatch(/^20\s%$/); // a no-break space
  });

  it('says whether the tax is inside the prices or added, with the rate when there is one', () => {
    expect(taxLabel({ taxIncluded: true, taxRateBasisPoints: 1900 }, 'en-IE')).toBe('Incl. VAT (19%)');
    expect(taxLabel({ taxIncluded: false, taxRateBasisPoints: 2000 }, 'en-IE')).toBe('Tax (20%)');
    expect(taxLabel({ taxIncluded: false, taxRateBasisPoints: 0 }, 'en-IE')).toBe('Tax');
  });
});
