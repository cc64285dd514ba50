import type { AdminShopSettings } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import { checkSettingsForm, formOf } from './settings-form';

const served: AdminShopSettings = {
  name: 'ShopStream',
  currency: 'EUR',
  locale: 'en-IE',
  timeZone: 'Europe/Berlin',
  pricesIncludeTax: true,
  contactEmail: 'hello@shopstream.dev',
  returnWindowDays: 14,
  address: {
    name: 'ShopStream GmbH',
    street: 'Torstraße 1',
    postcode: '10119',
    city: 'Berlin',
    country: 'DE',
  },
  updatedAt: '2026-12-01T10:00:00.000Z',
  updatedBy: null,
};

describe('the shop settings form', () => {
  it('sends the settings as the API takes them', () => {
    const form = { ...formOf(served), currency: 'jpy', addressCountry: 'jp', timeZone: ' Asia/Tokyo ' };
    expect(checkSettingsForm(form)).toEqual({
      ok: true,
      request: {
        ...served,
        updatedAt: undefined,
        updatedBy: undefined,
        currency: 'JPY',
        timeZone: 'Asia/Tokyo',
        address: { ...served.address, country: 'JP' },
      },
    });
  });

  it('says what is wrong with each field in a sentence, before anything is sent', () => {
    const result = checkSettingsForm({
      ...formOf(served),
      name: '  ',
      currency: 'EURO',
      locale: 'xx-not-a-locale-at-all',
      timeZone: 'Europe/Atlantis',
      contactEmail: 'nobody',
      returnWindowDays: '400',
      addressCountry: 'Germany',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'The shop name must not be empty.',
        currency: 'The currency must be an ISO 4217 code such as EUR.',
        locale: 'The locale must be a BCP 47 language tag such as en-IE.',
        timeZone: 'The time zone must be an IANA time zone such as Europe/Berlin.',
        contactEmail: 'The contact email must be an email address.',
        returnWindowDays: 'The return window must be at most 365.',
        addressCountry: 'The country must be an ISO 3166-1 alpha-2 code such as DE.',
      },
    });
  });
});
