import type { SegmentMessage } from '@shopstream/contracts';

const MONEY_FIELDS = ['price', 'total', 'revenue', 'subtotal', 'tax', 'shipping', 'discount', 'value'];

/** Segment sends decimal amounts in major units; our spec wants integer minor units. */
const toMinor = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : value;

function convertMoney(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...properties };
  for (const field of MONEY_FIELDS) if (field in out) out[field] = toMinor(out[field]);
  if (Array.isArray(out.products)) {
    out.products = out.products.map((line) =>
      line && typeof line === 'object' ? convertMoney(line as Record<string, unknown>) : line,
    );
  }
  if (typeof out.currency === 'string') out.currency = out.currency.toUpperCase();
  return out;
}

/**
 * A Segment Tracking API message (or a tracker message, which has the same shape) in our event spec.
 * Unknown or malformed parts are passed on so that validation names them.
 */
export function fromSegment(
  message: SegmentMessage,
  options: { minorUnits: boolean },
): Record<string, unknown> {
  const context = message.context ?? {};
  const properties = (message.properties ?? message.traits ?? {}) as Record<string, unknown>;
  const type = message.type === 'screen' ? 'page' : message.type;
  const pageFromProps =
    type === 'page'
      ? {
          url: properties.url,
          path: properties.path,
          referrer: properties.referrer,
          title: properties.title ?? message.name,
          search: properties.search,
        }
      : {};
  const page = Object.fromEntries(
    Object.entries({ ...pageFromProps, ...(context.page ?? {}) }).filter(
      ([field, value]) =>
        value !== undefined && ['url', 'path', 'referrer', 'title', 'search'].includes(field),
    ),
  );
  const converted: Record<string, unknown> = {
    type,
    properties: options.minorUnits ? properties : convertMoney(properties),
  };
  if (message.messageId !== undefined) converted.id = message.messageId;
  if (message.event !== undefined) converted.event = message.event;
  if (message.timestamp !== undefined) converted.timestamp = message.timestamp;
  if (message.userId !== undefined) converted.userId = String(message.userId);
  if (message.anonymousId !== undefined) converted.anonymousId = String(message.anonymousId);
  if (context.sessionId) converted.sessionId = context.sessionId;
  if (Object.keys(page).length) converted.page = page;
  return converted;
}
