import { ShopSettings } from '@shopstream/contracts';
import { ApiError, parseProblem } from './problem';

/**
 * The shop's settings as backend-api serves them (GET /shop/settings): every app formats money, numbers and
 * dates with their currency, locale and time zone, and none has its own copy.
 */
export async function fetchShopSettings(
  apiUrl: string,
  { signal, fetch: fetchImpl = fetch }: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<ShopSettings> {
  let response: Response;
  try {
    response = await fetchImpl(new URL('/shop/settings', apiUrl), { signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, {
      type: 'about:blank',
      title: "The shop's settings cannot be loaded: the API does not answer",
      status: 0,
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, parseProblem(body));
  const parsed = ShopSettings.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(502, {
      type: 'about:blank',
      title: "The shop's settings came back in a form this app cannot read",
      status: 502,
    });
  }
  return parsed.data;
}

/** What the formatters take, from the settings: `formatMoney(total, moneyOf(settings))`. */
export const moneyFormatOf = (settings: Pick<ShopSettings, 'locale' | 'currency'>) => ({
  locale: settings.locale,
  currency: settings.currency,
});
export const dateFormatOf = (settings: Pick<ShopSettings, 'locale' | 'timeZone'>) => ({
  locale: settings.locale,
  timeZone: settings.timeZone,
});
