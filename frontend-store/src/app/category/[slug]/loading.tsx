import { ListingSkeleton } from '@/features/catalog/components/skeletons';

export default function CategoryLoading() {
  return <ListingSkeleton />;
}
