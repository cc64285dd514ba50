import { describe, expect, it } from 'vitest';
import { bucketStartsOf, localDaysOf, piecesOf, visitorPiecesOf } from './local-range';

const at = (iso: string) => new Date(iso);
const show = (pieces: ReturnType<typeof piecesOf>) =>
  pieces.map((p) => `${p.g} ${p.from.toISOString().slice(5, 16)} ${p.to.toISOString().slice(5, 16)}`);

describe('the buckets of a local range', () => {
  it('tiles a UTC+5:30 day with minutes at both part hours and whole hours between', () => {
    expect(show(piecesOf(at('2026-03-07T18:30:00Z'), at('2026-03-08T18:30:00Z')))).toEqual([
      'm 03-07T18:30 03-07T19:00',
      'h 03-07T19:00 03-08T18:00',
      'm 03-08T18:00 03-08T18:30',
    ]);
  });

  it('reads whole UTC days inside a range from day buckets, and widens to hours on request', () => {
    const from = at('2026-03-06T18:15:00Z');
    const to = at('2026-03-09T18:15:00Z');
    expect(show(piecesOf(from, to))).toEqual([
      'm 03-06T18:15 03-06T19:00',
      'h 03-06T19:00 03-07T00:00',
      'd 03-07T00:00 03-09T00:00',
      'h 03-09T00:00 03-09T18:00',
      'm 03-09T18:00 03-09T18:15',
    ]);
    expect(show(piecesOf(from, to, 'h'))).toEqual([
      'h 03-06T18:00 03-07T00:00',
      'd 03-07T00:00 03-09T00:00',
      'h 03-09T00:00 03-09T19:00',
    ]);
  });

  it('covers every minute exactly once, whatever the ends', () => {
    const ends = [
      '2026-03-07T10:00:00Z',
      '2026-03-07T10:20:00Z',
      '2026-03-07T11:00:00Z',
      '2026-03-07T11:40:00Z',
    ];
    for (const a of ends) {
      for (const b of ends) {
        if (!(a < b)) continue;
        const minutes = piecesOf(at(a), at(b)).reduce(
          (sum, p) => sum + (p.to.getTime() - p.from.getTime()) / 60_000,
          0,
        );
        expect({ a, b, minutes }).toEqual({ a, b, minutes: (Date.parse(b) - Date.parse(a)) / 60_000 });
      }
    }
    expect([
      ...bucketStartsOf({ g: 'm', from: at('2026-03-07T10:57:00Z'), to: at('2026-03-07T11:00:00Z') }),
    ]).toHaveLength(3);
  });

  it('reads a range asked to the second from the minute buckets that start inside it', () => {
    // An hour back from 01:00:20: every minute bucket 00:01..01:01 starts inside it, 00:00 does not.
    expect(show(piecesOf(at('2026-12-02T00:00:20Z'), at('2026-12-02T01:01:20Z')))).toEqual([
      'm 12-02T00:01 12-02T01:00',
      'm 12-02T01:00 12-02T01:02',
    ]);
    for (const piece of piecesOf(at('2026-03-07T09:59:59.5Z'), at('2026-03-08T10:00:00.5Z'))) {
      const size = { m: 60_000, h: 3600_000, d: 86_400_000 }[piece.g];
      expect(piece.from.getTime() % size, piece.g).toBe(0);
      expect(piece.to.getTime() % size, piece.g).toBe(0);
    }
  });

  it('counts visitors from the hours a part-hour range touches, and from day buckets over whole days', () => {
    expect(show(visitorPiecesOf(at('2026-03-07T18:30:00Z'), at('2026-03-08T18:30:00Z')))).toEqual([
      'h 03-07T18:00 03-08T19:00',
    ]);
    expect(show(visitorPiecesOf(at('2026-03-07T00:00:00Z'), at('2026-03-09T00:00:00Z')))).toEqual([
      'd 03-07T00:00 03-09T00:00',
    ]);
  });

  it("cuts a range into the zone's days, 23 and 25 hours long across summer time", () => {
    const days = localDaysOf(at('2026-03-07T03:30:00Z'), at('2026-03-10T02:30:00Z'), 'America/St_Johns');
    expect(days.map((d) => [d.day, (d.to.getTime() - d.from.getTime()) / 3600_000])).toEqual([
      ['2026-03-07', 24],
      ['2026-03-08', 23],
      ['2026-03-09', 24],
    ]);
    const cut = localDaysOf(at('2026-04-04T00:00:00Z'), at('2026-04-06T00:00:00Z'), 'Australia/Adelaide');
    expect(cut.map((d) => [d.day, d.from.toISOString(), d.to.toISOString()])).toEqual([
      ['2026-04-04', '2026-04-04T00:00:00.000Z', '2026-04-04T13:30:00.000Z'],
      ['2026-04-05', '2026-04-04T13:30:00.000Z', '2026-04-05T14:30:00.000Z'],
      ['2026-04-06', '2026-04-05T14:30:00.000Z', '2026-04-06T00:00:00.000Z'],
    ]);
  });
});
