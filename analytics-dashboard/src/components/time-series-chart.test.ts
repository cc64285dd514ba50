import { expect, it } from 'vitest';
import { withoutRepeats } from './time-series-chart';

it('leaves an axis label blank where it repeats the one below it', () => {
  expect(withoutRepeats(['€0', '€0', '€0', '€1'])).toEqual(['€0', '', '', '€1']);
  expect(withoutRepeats(['0', '1', '2'])).toEqual(['0', '1', '2']);
});
