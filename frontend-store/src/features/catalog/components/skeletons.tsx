/** Placeholders with the size of what they stand for, so nothing moves when the content arrives. */

export function CardSkeleton() {
  return (
    <div aria-hidden="true">
      <div className="aspect-square animate-pulse rounded-lg bg-slate-200" />
      <div className="mt-3 h-5 w-3/4 animate-pulse rounded bg-slate-200" />
      <div className="mt-1 h-5 w-1/2 animate-pulse rounded bg-slate-200" />
      <div className="mt-1 h-5 w-1/3 animate-pulse rounded bg-slate-200" />
    </div>
  );
}

export function GridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4 xl:gap-x-6">
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders
        <CardSkeleton key={index} />
      ))}
    </div>
  );
}

export function ListingSkeleton() {
  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading products…
      </p>
      <div className="h-5 w-40 animate-pulse rounded bg-slate-200" />
      <div className="mt-3 h-9 w-64 animate-pulse rounded bg-slate-200" />
      <div className="mt-6 grid gap-8 lg:grid-cols-[16rem_1fr]">
        <div className="h-10 animate-pulse rounded-md bg-slate-200 lg:h-[36rem]" />
        <div>
          <div className="h-10 animate-pulse rounded bg-slate-200" />
          <div className="mt-6">
            <GridSkeleton count={12} />
          </div>
        </div>
      </div>
    </div>
  );
}
