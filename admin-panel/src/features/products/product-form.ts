import {
  ImageInput,
  optionKey,
  ProductInput,
  type ProductPatch,
  ProductStatus,
  type StaffProductDetail,
  VariantInput,
  VariantOptions,
} from '@shopstream/contracts';
import { z } from 'zod';
import { amountText, parseMoney } from '../../lib/format';
import { shopSettings } from '../../lib/shop-settings';
import { optionsOfVariants, splitValues } from './variant-matrix';

const moneyText = (optional: boolean) =>
  z.string().transform((text, context): number | null | undefined => {
    if (optional && text.trim() === '') return null;
    const amount = parseMoney(text);
    if (amount === null) {
      context.addIssue({ code: 'custom', message: 'must be an amount such as 12.50' });
      return z.NEVER;
    }
    return amount;
  });

const optionName = z
  .string()
  .trim()
  .refine(
    (name) => VariantOptions.safeParse({ [name]: 'x' }).success,
    'must be a name such as Size, without : = or ;',
  );

/** The editor's form, checked with the shared product schemas; prices are typed as "12.50". */
export const ProductForm = z.object({
  title: ProductInput.shape.title,
  description: ProductInput.shape.description,
  status: ProductStatus,
  categoryId: z
    .string()
    .transform((id): string | null | undefined => id || null)
    .pipe(ProductInput.shape.categoryId),
  tags: z
    .string()
    .transform((text): string[] | undefined => splitValues(text))
    .pipe(ProductInput.shape.tags),
  options: z
    .array(z.object({ name: optionName, values: z.string().min(1, 'needs at least one value') }))
    .max(5)
    .superRefine((options, context) => {
      const seen = new Set<string>();
      for (const [index, option] of options.entries()) {
        const key = optionKey(option.name);
        if (seen.has(key)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: 'is already an option of this product (names are matched without regard to case)',
          });
        }
        seen.add(key);
      }
    }),
  variants: z
    .array(
      z.object({
        id: z.string().optional(),
        sku: VariantInput.shape.sku,
        options: VariantOptions,
        price: moneyText(false).pipe(VariantInput.shape.price),
        compareAtPrice: moneyText(true).pipe(VariantInput.shape.compareAtPrice),
        stockOnHand: VariantInput.shape.stockOnHand,
      }),
    )
    .min(1, 'add at least one variant')
    .max(100),
  images: z
    .array(z.object({ id: z.string().optional(), url: ImageInput.shape.url, alt: z.string().max(200) }))
    .max(20),
});
export type ProductFormValues = z.input<typeof ProductForm>;
export type ProductFormOutput = z.output<typeof ProductForm>;

export const emptyProduct: ProductFormValues = {
  title: '',
  description: '',
  status: 'draft',
  categoryId: '',
  tags: '',
  options: [],
  variants: [{ sku: '', options: {}, price: '', compareAtPrice: '', stockOnHand: 0 }],
  images: [],
};

export function formValuesOf(product: StaffProductDetail): ProductFormValues {
  const variants = product.variants.filter((variant) => variant.active);
  return {
    title: product.title,
    description: product.description,
    status: product.status,
    categoryId: product.category?.id ?? '',
    tags: product.tags.join(', '),
    options: optionsOfVariants(variants).map((option) => ({
      name: option.name,
      values: option.values.join(', '),
    })),
    variants: variants.map((variant) => ({
      id: variant.id,
      sku: variant.sku,
      options: variant.options,
      price: amountText(variant.price),
      compareAtPrice: amountText(variant.compareAtPrice),
      stockOnHand: variant.stockOnHand,
    })),
    images: [...product.images]
      .sort((a, b) => a.position - b.position)
      .map((image) => ({ id: image.id, url: image.url, alt: image.alt })),
  };
}

export function productInputOf(values: ProductFormOutput): ProductInput {
  return {
    ...productPatchOf(values),
    title: values.title,
    description: values.description,
    status: values.status,
    tags: values.tags,
    images: values.images.map((image, position) => ({ url: image.url, alt: image.alt, position })),
    variants: values.variants.map((variant) => ({
      sku: variant.sku,
      options: variant.options,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice,
      // New products are priced in the shop's currency (its settings).
      currency: shopSettings.currency,
      stockOnHand: variant.stockOnHand,
    })),
  };
}

export function productPatchOf(values: ProductFormOutput): ProductPatch {
  return {
    title: values.title,
    description: values.description,
    status: values.status,
    categoryId: values.categoryId,
    tags: values.tags,
  };
}

/** API field paths ("body.variants.0.sku") as form field paths ("variants.0.sku"). */
export const formFieldOf = (apiField: string) => apiField.replace(/^body\./, '');
