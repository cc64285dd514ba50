import { ProductSkeleton } from '@/features/catalog/components/skeletons';

export default function ProductLoading() {
  return <ProductSkeleton />;
}
