import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlight';

describe('highlightSegments', () => {
  it('splits the marks out of a search highlight', () => {
    expect(highlightSegments('Court <mark>Sneakers</mark> in <mark>white</mark>')).toEqual([
      { text: 'Court ', marked: false },
      { text: 'Sneakers', marked: true },
      { text: ' in ', marked: false },
      { text: 'white', marked: true },
    ]);
  });

  it('keeps any other markup as text', () => {
    expect(highlightSegments('<b>bold</b> <mark>x</mark>')).toEqual([
      { text: '<b>bold</b> ', marked: false },
      { text: 'x', marked: true },
    ]);
  });
});
