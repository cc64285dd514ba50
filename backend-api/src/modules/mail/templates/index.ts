import {
  type Block,
  formatDate,
  formatMoney,
  formatRate,
  type Rendered,
  renderMessage,
  type ShopInfo,
} from './layout';

export type { Rendered, ShopInfo } from './layout';

export interface MailAddress {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

export interface OrderConfirmationData {
  orderNumber: string;
  placedAt: string;
  lines: { title: string; variant: string | null; quantity: number; unitPrice: number; lineTotal: number }[];
  totals: {
    subtotal: number;
    discount: number;
    shipping: number;
    tax: number;
    total: number;
    currency: string;
    /** Whether the prices contained the tax; mails queued before it was recorded tell by the sum. */
    taxIncluded?: boolean;
    taxRateBasisPoints?: number;
  };
  discountCode: string | null;
  shippingAddress: MailAddress;
  shippingOption: string;
  orderUrl: string;
}

interface ReturnedLine {
  title: string;
  variant: string | null;
  quantity: number;
}

interface OrderRef {
  orderNumber: string;
  orderUrl: string;
}

/** Every message the shop sends, by template name, with the data each needs. */
export interface TemplateData {
  'order-confirmation': OrderConfirmationData;
  'order-shipped': OrderRef & { carrier: string; trackingNumber: string; trackingUrl: string | null };
  'order-delivered': OrderRef;
  'order-refunded': OrderRef & {
    amount: number;
    currency: string;
    /** Why, as staff wrote it; absent in mails queued before issue 17. */
    reason?: string;
    lines?: ReturnedLine[];
  };
  'return-update': OrderRef & {
    status: 'requested' | 'approved' | 'refused' | 'received' | 'refunded';
    lines: ReturnedLine[];
    note: string | null;
    amount: number | null;
    currency: string;
  };
  'order-cancelled': OrderRef & { amount: number; currency: string; refunded: boolean };
  'order-note': OrderRef & { note: string };
  'order-link': OrderRef;
  'password-reset': { name: string; resetUrl: string; expiresInMinutes: number };
  'email-verification': { name: string; verifyUrl: string };
  welcome: { name: string; shopUrl: string };
  'account-exists': { name: string; loginUrl: string; resetUrl: string };
}
export type TemplateName = keyof TemplateData;

/** A message to enqueue: which template, for whom, with what. */
export type MailMessage = {
  [K in TemplateName]: { template: K; to: string; data: TemplateData[K]; dedupeKey?: string };
}[TemplateName];

const TRACKING_URLS: Record<string, (n: string) => string> = {
  DHL: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=${n}`,
  UPS: (n) => `https://www.ups.com/track?tracknum=${n}`,
  DPD: (n) => `https://tracking.dpd.de/status/en_US/parcel/${n}`,
  GLS: (n) => `https://gls-group.com/track/${n}`,
  FEDEX: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
};

/** The carrier's public tracking page for a parcel, when the carrier is one we know. */
export function trackingUrl(carrier: string, trackingNumber: string): string | null {
  const make = TRACKING_URLS[carrier.trim().toUpperCase()];
  return make ? make(encodeURIComponent(trackingNumber.replace(/\s+/g, ''))) : null;
}

const addressLines = (a: MailAddress) =>
  [
    a.fullName,
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.region,
    new Intl.DisplayNames(['en'], { type: 'region' }).of(a.country) ?? a.country,
  ].filter((line): line is string => Boolean(line));

const returnedLines = (lines: ReturnedLine[]): Block => ({
  kind: 'lines',
  lines: lines.map((line) => ({
    title: line.title,
    detail: line.variant,
    quantity: line.quantity,
    amount: '',
  })),
});

const RETURN_STEPS: Record<
  TemplateData['return-update']['status'],
  { subject: string; text: (amount: string) => string }
> = {
  requested: {
    subject: 'We have your return request',
    text: () => 'we will look at your return request and write again when we have decided.',
  },
  approved: {
    subject: 'Your return is approved',
    text: () => 'please send the items back to us; we refund them once they arrive.',
  },
  refused: { subject: 'Your return request was refused', text: () => 'we cannot take these items back.' },
  received: {
    subject: 'We received your return',
    text: () => 'the items have arrived; your refund follows shortly.',
  },
  refunded: {
    subject: 'Your return is refunded',
    text: (amount) => `we have refunded ${amount} to the card you paid with.`,
  },
};

type Builder<K extends TemplateName> = (
  data: TemplateData[K],
  shop: ShopInfo,
) => { subject: string; preview: string; blocks: Block[] };

const builders: { [K in TemplateName]: Builder<K> } = {
  'order-confirmation': (d, shop) => {
    const money = (minor: number) => formatMoney(minor, d.totals.currency, shop.locale);
    const totals: { label: string; amount: string; strong?: boolean }[] = [
      { label: 'Subtotal', amount: money(d.totals.subtotal) },
    ];
    if (d.totals.discount > 0)
      totals.push({
        label: d.discountCode ? `Discount (${d.discountCode})` : 'Discount',
        amount: `−${money(d.totals.discount)}`,
      });
    const t = d.totals;
    totals.push({
      label: `Shipping (${d.shippingOption})`,
      amount: t.shipping === 0 ? 'Free' : money(t.shipping),
    });
    // Tax added on top of net prices shows above the total; tax already inside the prices, below it.
    const taxOnTop =
      t.taxIncluded === undefined ? t.subtotal - t.discount + t.shipping + t.tax === t.total : !t.taxIncluded;
    const rate = t.taxRateBasisPoints ? ` (${formatRate(t.taxRateBasisPoints, shop.locale)})` : '';
    if (taxOnTop) totals.push({ label: `Tax${rate}`, amount: money(t.tax) });
    totals.push({ label: 'Total (tax included)', amount: money(t.total), strong: true });
    if (!taxOnTop) totals.push({ label: `Includes VAT${rate}`, amount: money(t.tax) });
    return {
      subject: `Your order ${d.orderNumber} at ${shop.name}`,
      preview: `Thank you: order ${d.orderNumber}, ${money(d.totals.total)}`,
      blocks: [
        { kind: 'heading', text: 'Thank you for your order' },
        {
          kind: 'text',
          text: `We have your order ${d.orderNumber}, placed ${formatDate(d.placedAt, shop)}. We will write again when it ships.`,
        },
        {
          kind: 'lines',
          lines: d.lines.map((line) => ({
            title: line.title,
            detail: line.variant,
            quantity: line.quantity,
            amount: money(line.lineTotal),
          })),
        },
        { kind: 'totals', rows: totals },
        { kind: 'address', title: 'Shipping to', lines: addressLines(d.shippingAddress) },
        { kind: 'button', label: 'View your order', url: d.orderUrl },
      ],
    };
  },
  'order-shipped': (d) => ({
    subject: `Your order ${d.orderNumber} is on its way`,
    preview: `${d.carrier} tracking number ${d.trackingNumber}`,
    blocks: [
      { kind: 'heading', text: 'Your order is on its way' },
      {
        kind: 'text',
        text: `Order ${d.orderNumber} has shipped with ${d.carrier}, tracking number ${d.trackingNumber}.`,
      },
      ...(d.trackingUrl
        ? [{ kind: 'button' as const, label: `Track it with ${d.carrier}`, url: d.trackingUrl }]
        : []),
      { kind: 'muted', text: `Your order: ${d.orderUrl}` },
    ],
  }),
  'order-delivered': (d) => ({
    subject: `Your order ${d.orderNumber} has been delivered`,
    preview: 'We hope you enjoy it',
    blocks: [
      { kind: 'heading', text: 'Delivered' },
      { kind: 'text', text: `Order ${d.orderNumber} has been delivered. We hope you enjoy it.` },
      { kind: 'button', label: 'View your order', url: d.orderUrl },
    ],
  }),
  'order-refunded': (d, shop) => ({
    subject: `Refund for your order ${d.orderNumber}`,
    preview: `${formatMoney(d.amount, d.currency, shop.locale)} refunded`,
    blocks: [
      { kind: 'heading', text: 'Your refund' },
      {
        kind: 'text',
        text: `We have refunded ${formatMoney(d.amount, d.currency, shop.locale)} for order ${d.orderNumber} to the card you paid with. Banks usually show it within 5 to 10 days.`,
      },
      ...(d.reason ? [{ kind: 'text' as const, text: `Reason: ${d.reason}` }] : []),
      ...(d.lines?.length ? [returnedLines(d.lines)] : []),
      { kind: 'button', label: 'View your order', url: d.orderUrl },
    ],
  }),
  'return-update': (d, shop) => {
    const step = RETURN_STEPS[d.status];
    const amount = d.amount === null ? '' : formatMoney(d.amount, d.currency, shop.locale);
    return {
      subject: `${step.subject} (order ${d.orderNumber})`,
      preview: step.text(amount),
      blocks: [
        { kind: 'heading', text: step.subject },
        { kind: 'text', text: `Order ${d.orderNumber}: ${step.text(amount)}` },
        returnedLines(d.lines),
        ...(d.note ? [{ kind: 'text' as const, text: d.note }] : []),
        { kind: 'button', label: 'View your order', url: d.orderUrl },
      ],
    };
  },
  'order-cancelled': (d, shop) => ({
    subject: `Your order ${d.orderNumber} has been cancelled`,
    preview: d.refunded ? 'Your payment is being refunded' : 'Nothing was charged',
    blocks: [
      { kind: 'heading', text: 'Order cancelled' },
      {
        kind: 'text',
        text: d.refunded
          ? `Order ${d.orderNumber} has been cancelled and ${formatMoney(d.amount, d.currency, shop.locale)} is being refunded to the card you paid with.`
          : `Order ${d.orderNumber} has been cancelled. Nothing was charged.`,
      },
      { kind: 'button', label: 'View your order', url: d.orderUrl },
    ],
  }),
  'order-note': (d) => ({
    subject: `A message about your order ${d.orderNumber}`,
    preview: d.note.slice(0, 100),
    blocks: [
      { kind: 'heading', text: `About your order ${d.orderNumber}` },
      { kind: 'text', text: d.note },
      { kind: 'button', label: 'View your order', url: d.orderUrl },
    ],
  }),
  'order-link': (d) => ({
    subject: `Your order ${d.orderNumber}`,
    preview: 'The link to your order',
    blocks: [
      { kind: 'heading', text: `Your order ${d.orderNumber}` },
      { kind: 'text', text: 'You asked for a link to your order. It works for 24 hours.' },
      { kind: 'button', label: 'View your order', url: d.orderUrl },
      { kind: 'muted', text: 'If you did not ask for it, you can ignore this message.' },
    ],
  }),
  'password-reset': (d, shop) => ({
    subject: `Reset your ${shop.name} password`,
    preview: `The link works for ${d.expiresInMinutes} minutes`,
    blocks: [
      { kind: 'heading', text: 'Reset your password' },
      {
        kind: 'text',
        text: `Hello ${d.name}, someone asked to reset the password of your account. Choose a new one here:`,
      },
      { kind: 'button', label: 'Choose a new password', url: d.resetUrl },
      {
        kind: 'muted',
        text: `The link works once, for ${d.expiresInMinutes} minutes. Resetting signs you out everywhere. If you did not ask for it, ignore this message: your password stays as it is.`,
      },
    ],
  }),
  'email-verification': (d, shop) => ({
    subject: `Confirm your email for ${shop.name}`,
    preview: 'One click to confirm your email address',
    blocks: [
      { kind: 'heading', text: 'Confirm your email' },
      {
        kind: 'text',
        text: `Hello ${d.name}, please confirm that this is your email address. Orders you placed as a guest with it then appear in your account.`,
      },
      { kind: 'button', label: 'Confirm my email', url: d.verifyUrl },
      { kind: 'muted', text: 'If you did not create an account, ignore this message.' },
    ],
  }),
  welcome: (d, shop) => ({
    subject: `Welcome to ${shop.name}`,
    preview: 'Your account is ready',
    blocks: [
      { kind: 'heading', text: `Welcome, ${d.name}` },
      {
        kind: 'text',
        text: `Your ${shop.name} account is ready. Your orders, addresses and sessions are all in one place.`,
      },
      { kind: 'button', label: `Visit ${shop.name}`, url: d.shopUrl },
    ],
  }),
  'account-exists': (d, shop) => ({
    subject: `You already have a ${shop.name} account`,
    preview: 'Someone tried to register with your email',
    blocks: [
      { kind: 'heading', text: 'You already have an account' },
      {
        kind: 'text',
        text: `Hello ${d.name}, someone (perhaps you) tried to create an account with this email, which already has one. Nothing was changed.`,
      },
      { kind: 'button', label: 'Sign in', url: d.loginUrl },
      { kind: 'muted', text: `Forgot your password? Choose a new one: ${d.resetUrl}` },
    ],
  }),
};

/** Renders a message of any template in HTML and plain text. */
export function renderMail<K extends TemplateName>(
  template: K,
  data: TemplateData[K],
  shop: ShopInfo,
): Promise<Rendered> {
  const build = builders[template] as Builder<K> | undefined;
  if (!build) throw new Error(`no mail template ${template}`);
  return renderMessage(shop, build(data, shop));
}

export const TEMPLATE_NAMES = Object.keys(builders) as TemplateName[];
