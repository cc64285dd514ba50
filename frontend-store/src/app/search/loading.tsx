import { ListingSkeleton } from '@/features/catalog/components/skeletons';

export default function SearchLoading() {
  return <ListingSkeleton />;
}
