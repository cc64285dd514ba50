import type { ProductSummary } from '@shopstream/contracts';
import Link from 'next/link';
import { Highlighted } from './highlighted';
import { Price } from './price';
import { ProductImage } from './product-image';

export function ProductCard({ product, preload = false }: { product: ProductSummary; preload?: boolean }) {
  return (
    <article className="group relative flex h-full flex-col">
      <div className="relative aspect-square overflow-hidden rounded-lg bg-slate-100">
        {product.image ? (
          <ProductImage
            src={product.image.url}
            alt=""
            sizes="(min-width: 1280px) 280px, (min-width: 1024px) 25vw, (min-width: 640px) 33vw, 50vw"
            preload={preload}
          />
        ) : null}
        {!product.inStock && (
          <span className="absolute top-2 left-2 rounded bg-slate-900 px-2 py-0.5 text-xs font-medium text-white">
            Sold out
          </span>
        )}
        {product.price && product.compareAtPrice != null && product.compareAtPrice > product.price.min && (
          <span className="absolute top-2 right-2 rounded bg-red-800 px-2 py-0.5 text-xs font-medium text-white">
            Sale
          </span>
        )}
      </div>
      <h3 className="mt-3 text-sm font-medium text-slate-900">
        {/* No prefetch: a product page has no loading state to fetch ahead, and a grid of cards would ask
            the server to render one per card while the page hydrates (Lighthouse's main-thread trace). */}
        <Link
          href={`/product/${product.slug}`}
          prefetch={false}
          className="rounded-sm after:absolute after:inset-0 after:rounded-lg group-hover:underline"
        >
          {product.highlight ? <Highlighted text={product.highlight.title} /> : product.title}
        </Link>
      </h3>
      {product.category && <p className="text-sm text-slate-600">{product.category.name}</p>}
      <div className="mt-1 text-sm">
        {product.price ? (
          <Price
            amount={product.price.min}
            currency={product.price.currency}
            compareAt={product.compareAtPrice}
            from={product.price.max > product.price.min}
          />
        ) : (
          <p className="text-slate-600">Price on request</p>
        )}
      </div>
    </article>
  );
}

export function ProductGrid({
  products,
  preloadFirst = 0,
  label,
}: {
  products: ProductSummary[];
  preloadFirst?: number;
  label?: string;
}) {
  return (
    <ul
      aria-label={label}
      className="grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4 xl:gap-x-6"
    >
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} preload={index < preloadFirst} />
        </li>
      ))}
    </ul>
  );
}
