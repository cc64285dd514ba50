'use client';

import type { Image as ProductImageData } from '@shopstream/contracts';
import { useState } from 'react';
import { ProductImage } from './product-image';

/** The product's pictures: a large one and, when there are several, thumbnails to switch. */
export function Gallery({ images, title }: { images: ProductImageData[]; title: string }) {
  const [current, setCurrent] = useState(0);
  const shown = images[current] ?? images[0];
  return (
    <div>
      <div className="relative aspect-square overflow-hidden rounded-xl bg-slate-100">
        {shown ? (
          <ProductImage
            src={shown.url}
            alt={shown.alt || title}
            sizes="(min-width: 1024px) 600px, 100vw"
            preload
          />
        ) : (
          <p className="flex h-full items-center justify-center text-slate-600">No picture yet</p>
        )}
      </div>
      {images.length > 1 && (
        <ul aria-label="Pictures" className="mt-3 grid grid-cols-5 gap-2">
          {images.map((image, index) => (
            <li key={image.id}>
              <button
                type="button"
                onClick={() => setCurrent(index)}
                aria-current={index === current}
                aria-label={`Show picture ${index + 1} of ${images.length}${image.alt ? `: ${image.alt}` : ''}`}
                className={`relative block aspect-square w-full overflow-hidden rounded-md border-2 ${index === current ? 'border-blue-800' : 'border-transparent'}`}
              >
                <ProductImage src={image.url} alt="" sizes="120px" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
