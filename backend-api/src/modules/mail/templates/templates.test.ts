import { describe, expect, it } from 'vitest';
import { renderMail, TEMPLATE_NAMES, trackingUrl } from './index';
import { formatMoney } from './layout';
import { SAMPLE_SHOP, SAMPLES } from './samples';

describe('mail templates', () => {
  it.each(TEMPLATE_NAMES)(
    'renders %s as responsive HTML and plain text with the shop in the footer',
    async (name) => {
      const mail = await renderMail(name, SAMPLES[name] as never, SAMPLE_SHOP);
      expect(mail.subject.length).toBeGreaterThan(5);
      expect(mail.html).toContain('<!doctype html>');
      expect(mail.html).toMatch(/@media only screen and \(min-width:480px\)/);
      for (const text of [mail.html, mail.text]) {
        expect(text).toContain('ShopStream Demo Store');
        expect(text).toContain('10115 Berlin');
      }
      expect(mail.text).not.toMatch(/<[a-z]/i);
    },
  );

  it('lists the lines and the tax-inclusive totals of an order in both versions', async () => {
    const mail = await renderMail('order-confirmation', SAMPLES['order-confirmation'], SAMPLE_SHOP);
    for (const text of [mail.html, mail.text]) {
      expect(text).toContain('Merino Crew Jumper');
      expect(text).toContain('Navy / M');
      expect(text).toContain('€158.00');
      expect(text).toContain('−€17.70');
      expect(text).toContain('Total (tax included)');
      expect(text).toMatch(/Total \(tax included\)(<[^€]*>)?:? ?€159\.30/);
      expect(text).toMatch(/Includes VAT \(19%\)(<[^€]*>)?:? ?€25\.43/);
      expect(text).not.toMatch(/>Tax|Tax:/);
      expect(text).toContain('http://localhost:3001/account/orders/SS-100042');
    }
    expect(mail.text).toContain('Hauptstraße 1');
    expect(mail.text).toContain('Germany');
  });

  it('adds the tax above the total when the prices did not include it', async () => {
    const sample = SAMPLES['order-confirmation'];
    const onTop = { ...sample.totals, tax: 3027, total: 18_957, taxIncluded: false };
    const mail = await renderMail('order-confirmation', { ...sample, totals: onTop }, SAMPLE_SHOP);
    expect(mail.text).toMatch(/Tax \(19%\):? ?€30\.27/);
    expect(mail.text).toMatch(/Total \(tax included\):? ?€189\.57/);
    expect(mail.text).not.toContain('Includes VAT');
    // A mail queued before orders recorded it tells by the sum.
    const { taxIncluded: _, taxRateBasisPoints: __, ...legacy } = sample.totals;
    const old = await renderMail('order-confirmation', { ...sample, totals: legacy }, SAMPLE_SHOP);
    expect(old.text).toMatch(/Includes VAT:? ?€25\.43/);
  });

  it('escapes what customers and staff typed', async () => {
    const mail = await renderMail(
      'order-note',
      {
        orderNumber: 'SS-1',
        orderUrl: 'javascript:alert(1)',
        note: '<img src=x onerror=alert(1)> & "quotes"',
      },
      SAMPLE_SHOP,
    );
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(mail.html).not.toContain('javascript:');
  });

  it('formats minor units with the digits of each currency', () => {
    expect(formatMoney(1234, 'EUR', 'en-IE')).toBe('€12.34');
    expect(formatMoney(1234, 'JPY', 'en-IE')).toBe('JP¥1,234');
    expect(formatMoney(1234, 'KWD', 'en-IE')).toContain('1.234');
  });

  it('links known carriers to their tracking page', () => {
    expect(trackingUrl('DHL', 'JD 0146')).toBe(
      'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=JD0146',
    );
    expect(trackingUrl('ups', '1Z999')).toBe('https://www.ups.com/track?tracknum=1Z999');
    expect(trackingUrl('Local courier', '42')).toBeNull();
  });
});
