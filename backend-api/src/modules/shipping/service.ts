import type { ShippingOption } from '@shopstream/contracts';
import type pg from 'pg';

export interface ShippingOptionRow extends ShippingOption {
  countries: string[];
}

/** Shipping options (a table, seeded by the migration) and the tax rate per destination country. */
export function createShippingService(
  pool: pg.Pool,
  tax: { rates: Record<string, number>; defaultRate: number },
) {
  const columns = `id, name, carrier, price, currency, free_over as "freeOver", countries,
    min_days as "minDays", max_days as "maxDays"`;
  const strip = ({ countries: _countries, ...option }: ShippingOptionRow): ShippingOption => option;
  return {
    taxRate: (country: string | null) => (country ? (tax.rates[country] ?? tax.defaultRate) : 0),

    async optionsFor(country: string): Promise<ShippingOption[]> {
      const { rows } = await pool.query<ShippingOptionRow>(
        `select ${columns} from shipping_options
         where active and (cardinality(countries) = 0 or $1 = any(countries)) order by position, price`,
        [country],
      );
      return rows.map(strip);
    },

    async option(id: string, country: string): Promise<ShippingOption | null> {
      const { rows } = await pool.query<ShippingOptionRow>(
        `select ${columns} from shipping_options
         where id = $1 and active and (cardinality(countries) = 0 or $2 = any(countries))`,
        [id, country],
      );
      return rows[0] ? strip(rows[0]) : null;
    },
  };
}
export type ShippingService = ReturnType<typeof createShippingService>;
