/** An option of a product, such as size with S, M and L. */
export interface ProductOption {
  name: string;
  values: string[];
}

export interface VariantRow {
  id?: string;
  sku: string;
  options: Record<string, string>;
  price: string;
  compareAtPrice: string;
  stockOnHand: number;
}

/** "S, M ,,L" → ["S", "M", "L"], without repeats. */
export function splitValues(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean),
    ),
  ];
}

/** Every combination of the options' values, in the order the options are listed. */
export function combinations(options: ProductOption[]): Record<string, string>[] {
  const usable = options.filter((option) => option.name.trim() && option.values.length > 0);
  return usable.reduce<Record<string, string>[]>(
    (rows, option) =>
      rows.flatMap((row) => option.values.map((value) => ({ ...row, [option.name.trim()]: value }))),
    [{}],
  );
}

export const optionKey = (options: Record<string, string>) =>
  Object.keys(options)
    .sort()
    .map((name) => `${name}=${options[name]}`)
    .join(';');

const skuPart = (value: string) =>
  value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A suggested SKU such as TEE-M-RED from a base and the option values. */
export function suggestSku(base: string, options: Record<string, string>): string {
  return [skuPart(base) || 'SKU', ...Object.values(options).map(skuPart)]
    .filter(Boolean)
    .join('-')
    .slice(0, 64);
}

/**
 * The variant matrix for the options: rows that already exist for a combination keep their SKU, prices,
 * stock and id; new combinations get a suggested SKU and the first row's price.
 */
export function buildVariantMatrix(
  options: ProductOption[],
  existing: VariantRow[],
  skuBase: string,
): VariantRow[] {
  const byKey = new Map(existing.map((row) => [optionKey(row.options), row]));
  const template = existing[0];
  return combinations(options).map((combination) => {
    const kept = byKey.get(optionKey(combination));
    if (kept) return { ...kept, options: combination };
    return {
      sku: suggestSku(skuBase, combination),
      options: combination,
      price: template?.price ?? '',
      compareAtPrice: template?.compareAtPrice ?? '',
      stockOnHand: 0,
    };
  });
}

/** The options a product's variants use, recovered from their option records. */
export function optionsOfVariants(variants: { options: Record<string, string> }[]): ProductOption[] {
  const options = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const values = options.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      options.set(name, values);
    }
  }
  return [...options].map(([name, values]) => ({ name, values }));
}
