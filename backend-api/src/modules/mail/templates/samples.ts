import type { ShopInfo, TemplateData, TemplateName } from './index';

/** Sample data for every template: the preview command renders them, and the template tests check them. */
export const SAMPLE_SHOP: ShopInfo = {
  name: 'ShopStream Demo Store',
  address: ['1 Example Street', '10115 Berlin', 'Germany'],
  currency: 'EUR',
  locale: 'en-IE',
  timeZone: 'Europe/Berlin',
  storefrontUrl: 'http://localhost:3001',
};

const orderUrl = 'http://localhost:3001/account/orders/SS-100042';

export const SAMPLES: { [K in TemplateName]: TemplateData[K] } = {
  'order-confirmation': {
    orderNumber: 'SS-100042',
    orderUrl,
    placedAt: '2026-12-01T10:15:00.000Z',
    lines: [
      { title: 'Merino Crew Jumper', variant: 'Navy / M', quantity: 2, unitPrice: 7900, lineTotal: 15_800 },
      { title: 'Canvas Tote', variant: null, quantity: 1, unitPrice: 1900, lineTotal: 1900 },
    ],
    // Prices with 19 % VAT inside: 1770 off splits 1580 + 190; 14220 contains 2270.42, 1710 contains 273.03.
    totals: {
      subtotal: 17_700,
      discount: 1770,
      shipping: 0,
      tax: 2543,
      total: 15_930,
      currency: 'EUR',
      taxIncluded: true,
      taxRateBasisPoints: 1900,
    },
    discountCode: 'WELCOME10',
    shippingAddress: {
      fullName: 'Ada Lovelace',
      line1: 'Hauptstraße 1',
      line2: 'Hinterhaus',
      city: 'Berlin',
      region: null,
      postalCode: '10115',
      country: 'DE',
    },
    shippingOption: 'Standard delivery',
  },
  'order-shipped': {
    orderNumber: 'SS-100042',
    orderUrl,
    carrier: 'DHL',
    trackingNumber: 'JD014600006101234567',
    trackingUrl:
      'https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=JD014600006101234567',
  },
  'order-delivered': { orderNumber: 'SS-100042', orderUrl },
  'order-refunded': {
    orderNumber: 'SS-100042',
    orderUrl,
    amount: 9479,
    currency: 'EUR',
    reason: 'One jumper arrived with a pulled thread',
    lines: [{ title: 'Merino Crew Jumper', variant: 'Navy / M', quantity: 1 }],
  },
  'return-update': {
    orderNumber: 'SS-100042',
    orderUrl,
    status: 'approved',
    lines: [{ title: 'Merino Crew Jumper', variant: 'Navy / M', quantity: 1 }],
    note: 'Please use the prepaid label in the parcel.',
    amount: null,
    currency: 'EUR',
  },
  'order-cancelled': { orderNumber: 'SS-100042', orderUrl, amount: 18_957, currency: 'EUR', refunded: true },
  'order-note': {
    orderNumber: 'SS-100042',
    orderUrl,
    note: 'The navy jumper is back in stock on Friday; your parcel leaves the same day.',
  },
  'order-link': { orderNumber: 'SS-100042', orderUrl: 'http://localhost:3001/orders/view?token=sample' },
  'password-reset': {
    name: 'Ada Lovelace',
    resetUrl: 'http://localhost:3001/account/reset-password?token=sample',
    expiresInMinutes: 60,
  },
  'email-verification': {
    name: 'Ada Lovelace',
    verifyUrl: 'http://localhost:3001/account/verify-email?token=sample',
  },
  welcome: { name: 'Ada Lovelace', shopUrl: 'http://localhost:3001' },
  'account-exists': {
    name: 'Ada Lovelace',
    loginUrl: 'http://localhost:3001/account/login',
    resetUrl: 'http://localhost:3001/account/forgot-password',
  },
};
