import type { Variant } from '@shopstream/contracts';

export type Selection = Record<string, string>;

export interface OptionAxis {
  name: string;
  values: string[];
}

/** The product's options in the order the variants list them, values in first-seen order. */
export function optionAxes(variants: Variant[]): OptionAxis[] {
  const axes = new Map<string, string[]>();
  for (const variant of variants) {
    for (const [name, value] of Object.entries(variant.options)) {
      const values = axes.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(name, values);
    }
  }
  return [...axes].map(([name, values]) => ({ name, values }));
}

const matches = (variant: Variant, selection: Selection) =>
  Object.entries(selection).every(([name, value]) => variant.options[name] === value);

/** The variant with exactly these options, if one exists. */
export function findVariant(variants: Variant[], selection: Selection): Variant | undefined {
  const axes = optionAxes(variants);
  if (axes.some((axis) => selection[axis.name] === undefined)) return undefined;
  return variants.find((variant) => matches(variant, selection));
}

export type ValueState = 'available' | 'sold_out' | 'unavailable';

/**
 * What choosing `value` for `name` would lead to, keeping the other choices: a variant in stock,
 * one that exists but is sold out, or a combination the product is not made in.
 */
export function valueState(
  variants: Variant[],
  selection: Selection,
  name: string,
  value: string,
): ValueState {
  const candidate = { ...selection, [name]: value };
  const reachable = variants.filter((variant) => matches(variant, candidate));
  if (reachable.length === 0) return 'unavailable';
  return reachable.some((variant) => variant.inStock) ? 'available' : 'sold_out';
}

/** Every value of every option with its state under the current choice. */
export function availabilityMatrix(variants: Variant[], selection: Selection) {
  return optionAxes(variants).map((axis) => ({
    name: axis.name,
    values: axis.values.map((value) => ({
      value,
      state: valueState(variants, selection, axis.name, value),
      selected: selection[axis.name] === value,
    })),
  }));
}

/**
 * The choice a product page opens with: the variant asked for in the URL, else the first one in
 * stock, else the first one.
 */
export function initialVariant(variants: Variant[], requestedId?: string): Variant | undefined {
  return (
    variants.find((variant) => variant.id === requestedId) ??
    variants.find((variant) => variant.inStock) ??
    variants[0]
  );
}

/**
 * Changes one option. When the other choices do not exist with the new value, keeps the new value
 * and moves the others to the nearest variant that has it, preferring one in stock.
 */
export function choose(variants: Variant[], selection: Selection, name: string, value: string): Selection {
  const wanted = { ...selection, [name]: value };
  if (variants.some((variant) => matches(variant, wanted))) return wanted;
  const withValue = variants.filter((variant) => variant.options[name] === value);
  const score = (variant: Variant) =>
    Object.entries(selection).filter(([key, chosen]) => variant.options[key] === chosen).length +
    (variant.inStock ? 0.5 : 0);
  const best = [...withValue].sort((a, b) => score(b) - score(a))[0];
  return best ? { ...best.options } : wanted;
}

/** Lowest and highest price among the variants (minor units). */
export function priceSpan(variants: Variant[]) {
  const prices = variants.map((variant) => variant.price);
  return { min: Math.min(...prices), max: Math.max(...prices) };
}

/** A label for an option name: "colour" → "Colour", "shoe_width" → "Shoe width". */
export const optionLabel = (name: string) =>
  name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');
