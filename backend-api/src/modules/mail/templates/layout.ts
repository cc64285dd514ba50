import mjml2html from 'mjml';

/** What every message says about the shop: its name and address in the footer, its currency and locale. */
export interface ShopInfo {
  name: string;
  /** The postal address, one line per entry. */
  address: string[];
  currency: string;
  locale: string;
  timeZone: string;
  /** The storefront's base URL; links in messages start with it. */
  storefrontUrl: string;
}

/** A message is a few blocks; the HTML and the plain-text versions are both made from them, so they agree. */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'muted'; text: string }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'lines'; lines: { title: string; detail: string | null; quantity: number; amount: string }[] }
  | { kind: 'totals'; rows: { label: string; amount: string; strong?: boolean }[] }
  | { kind: 'address'; title: string; lines: string[] };

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every value from data goes through this before it enters the markup. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Only http(s) links are put in a message; anything else becomes the shop's home page. */
const safeUrl = (url: string, fallback: string) => (/^https?:\/\//i.test(url) ? url : fallback);

/** Minor units in the shop's locale (JPY 0 decimals, EUR 2, KWD 3: the digits come from Intl). */
export function formatMoney(minor: number, currency: string, locale: string) {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** A tax rate in basis points in the shop's locale: 1900 → "19%", 2150 → "21.5%". */
export const formatRate = (basisPoints: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);

export const formatDate = (iso: string, shop: ShopInfo) =>
  new Intl.DateTimeFormat(shop.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: shop.timeZone,
  }).format(new Date(iso));

function blockToMjml(block: Block, shop: ShopInfo): string {
  switch (block.kind) {
    case 'heading':
      return `<mj-text font-size="22px" font-weight="700" padding-bottom="4px">${escapeHtml(block.text)}</mj-text>`;
    case 'text':
      return `<mj-text>${escapeHtml(block.text).replace(/\n/g, '<br/>')}</mj-text>`;
    case 'muted':
      return `<mj-text color="#6b7280" font-size="13px">${escapeHtml(block.text)}</mj-text>`;
    case 'button':
      return `<mj-button href="${escapeHtml(safeUrl(block.url, shop.storefrontUrl))}" background-color="#111827" border-radius="6px" align="left">${escapeHtml(block.label)}</mj-button>`;
    case 'lines': {
      const rows = block.lines
        .map(
          (line) =>
            `<tr style="border-bottom:1px solid #e5e7eb"><td style="padding:8px 0">${escapeHtml(line.title)}${
              line.detail
                ? `<br/><span style="color:#6b7280;font-size:13px">${escapeHtml(line.detail)}</span>`
                : ''
            }</td><td style="padding:8px 0;text-align:center;white-space:nowrap">× ${line.quantity}</td><td style="padding:8px 0;text-align:right;white-space:nowrap">${escapeHtml(line.amount)}</td></tr>`,
        )
        .join('');
      return `<mj-table padding-top="0">${rows}</mj-table>`;
    }
    case 'totals': {
      const rows = block.rows
        .map(
          (row) =>
            `<tr${row.strong ? ' style="font-weight:700;font-size:16px"' : ''}><td style="padding:3px 0">${escapeHtml(row.label)}</td><td style="padding:3px 0;text-align:right;white-space:nowrap">${escapeHtml(row.amount)}</td></tr>`,
        )
        .join('');
      return `<mj-table padding-top="0">${rows}</mj-table>`;
    }
    case 'address':
      return `<mj-text><strong>${escapeHtml(block.title)}</strong><br/>${block.lines.map(escapeHtml).join('<br/>')}</mj-text>`;
  }
}

function blockToText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 60))}`;
    case 'text':
    case 'muted':
      return block.text;
    case 'button':
      return `${block.label}: ${block.url}`;
    case 'lines':
      return block.lines
        .map(
          (line) =>
            `- ${line.title}${line.detail ? ` (${line.detail})` : ''} × ${line.quantity}: ${line.amount}`,
        )
        .join('\n');
    case 'totals':
      return block.rows.map((row) => `${row.label}: ${row.amount}`).join('\n');
    case 'address':
      return `${block.title}:\n${block.lines.join('\n')}`;
  }
}

/** Renders a message's blocks as responsive HTML (MJML) and as plain text, with the shop's footer. */
export async function renderMessage(
  shop: ShopInfo,
  message: { subject: string; preview: string; blocks: Block[] },
): Promise<Rendered> {
  const footer = [shop.name, ...shop.address].map(escapeHtml).join('<br/>');
  const source = `<mjml>
  <mj-head>
    <mj-title>${escapeHtml(message.subject)}</mj-title>
    <mj-preview>${escapeHtml(message.preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="#111827" />
      <mj-table font-size="15px" color="#111827" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6" width="600px">
    <mj-section padding="24px 16px 8px"><mj-column>
      <mj-text font-size="18px" font-weight="700"><a href="${escapeHtml(safeUrl(shop.storefrontUrl, 'about:blank'))}" style="color:#111827;text-decoration:none">${escapeHtml(shop.name)}</a></mj-text>
    </mj-column></mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="16px 8px"><mj-column>
      ${message.blocks.map((block) => blockToMjml(block, shop)).join('\n      ')}
    </mj-column></mj-section>
    <mj-section padding="16px"><mj-column>
      <mj-text color="#6b7280" font-size="12px" align="center">${footer}</mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;
  const { html, errors } = await mjml2html(source, { validationLevel: 'strict' });
  if (errors.length > 0) throw new Error(`mail template is not valid MJML: ${errors[0]!.formattedMessage}`);
  const text = [
    ...message.blocks.map(blockToText),
    '--',
    [shop.name, ...shop.address].join('\n'),
    shop.storefrontUrl,
  ].join('\n\n');
  return { subject: message.subject, html, text: `${text}\n` };
}
