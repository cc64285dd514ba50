import Image from 'next/image';
import { optimizable } from '@/lib/image';

/** A product picture filling a square slot of its parent (which must be `relative` and sized). */
export function ProductImage({
  src,
  alt,
  sizes,
  preload = false,
}: {
  src: string;
  alt: string;
  sizes: string;
  preload?: boolean;
}) {
  return (
    <Image
      src={src}
      alt={alt}
      fill
      sizes={sizes}
      preload={preload}
      unoptimized={!optimizable(src)}
      className="object-cover"
    />
  );
}
