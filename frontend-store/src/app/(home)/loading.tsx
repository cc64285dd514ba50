import { GridSkeleton } from '@/features/catalog/components/skeletons';

export default function HomeLoading() {
  return (
    <div className="mx-auto max-w-7xl px-4 sm:px-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading…
      </p>
      <div className="mt-6 h-64 animate-pulse rounded-2xl bg-slate-200 sm:h-72" />
      <div className="mt-12 h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="mt-4 h-40 animate-pulse rounded-lg bg-slate-200" />
      <div className="mt-12">
        <GridSkeleton count={8} />
      </div>
    </div>
  );
}
