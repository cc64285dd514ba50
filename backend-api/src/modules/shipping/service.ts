import type { ShippingOption } from '@shopstream/contracts';
import type { ShippingRepository } from './repository';

/** Shipping options to a destination country, cheapest-first within the shop's order. */
export function createShippingService(repository: ShippingRepository) {
  return {
    optionsFor: (country: string): Promise<ShippingOption[]> => repository.activeFor(country),

    async option(id: string, country: string): Promise<ShippingOption | null> {
      return (await repository.activeById(id, country)) ?? null;
    },
  };
}
export type ShippingService = ReturnType<typeof createShippingService>;
