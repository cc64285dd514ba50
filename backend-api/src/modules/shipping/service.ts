import type { ShippingOption } from '@shopstream/contracts';
import type { ShippingRepository } from './repository';

/**
 * How long a found option is reused without asking PostgreSQL (every checkout asks for one). The options come
 * with the migrations and nothing in the API changes them, so this only bounds how long a change made by hand
 * in the database takes to reach checkout.
 */
const OPTION_CACHE_MS = 30_000;

/** Shipping options to a destination country, cheapest-first within the shop's order. */
export function createShippingService(repository: ShippingRepository) {
  // Only options that exist are kept (a handful times the countries served): unknown ids cannot grow it.
  const found = new Map<string, { option: ShippingOption; until: number }>();
  return {
    optionsFor: (country: string): Promise<ShippingOption[]> => repository.activeFor(country),

    async option(id: string, country: string): Promise<ShippingOption | null> {
      const key = `${id}\u0000${country}`;
      const cached = found.get(key);
      if (cached && cached.until > Date.now()) return cached.option;
      const option = (await repository.activeById(id, country)) ?? null;
      if (option) found.set(key, { option, until: Date.now() + OPTION_CACHE_MS });
      else found.delete(key);
      return option;
    },
  };
}
export type ShippingService = ReturnType<typeof createShippingService>;
