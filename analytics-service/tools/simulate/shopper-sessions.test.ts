import { describe, expect, it } from 'vitest';
import { CountryLocator } from '../../src/modules/ingest/geo';
import { COUNTRY_NETWORKS, simulateShoppers } from './shopper-sessions';

const locator = new CountryLocator();

describe('simulated shoppers', () => {
  it('come from networks the shipped database places in their country', () => {
    for (const { country, networks } of COUNTRY_NETWORKS)
      for (const network of networks)
        for (const host of ['0.1', '128.77', '255.254'])
          expect(locator.countryOf(`${network}.${host}`), `${network}.${host}`).toBe(country);
  });

  it('give every session an address whose country is the one in the ground truth', () => {
    const { sessions, truth } = simulateShoppers({
      seed: 3,
      sessions: 300,
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-03T00:00:00Z'),
      runId: 'geo',
    });
    for (const session of sessions) expect(locator.countryOf(session.ip)).toBe(session.country);
    expect(Object.keys(truth.countries).length).toBeGreaterThan(5);
    expect(truth.countries['(unknown)']?.events).toBeGreaterThan(0);
    const browserEvents = sessions.reduce((n, s) => n + s.browserEvents.length, 0);
    expect(Object.values(truth.countries).reduce((n, c) => n + c.events, 0)).toBe(browserEvents);
    expect(truth.funnel[0]).toBeGreaterThan(truth.funnel[3]!);
    expect(truth.goals['Order confirmed']!.visitors).toBe(truth.funnel[3]);
  });
});
