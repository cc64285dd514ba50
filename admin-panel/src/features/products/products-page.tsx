import type { ProductStatus, ProductSummary } from '@shopstream/contracts';
import { messageOf } from '@shopstream/web-kit';
import { useCursorPager } from '@shopstream/web-kit/react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowSelectionState,
  useReactTable,
} from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime, formatMoney } from '../../lib/format';
import { CursorPager, ErrorMessage, Loading, PageHeader, StatusBadge } from '../../lib/ui';
import { listCategories, listProducts, patchProduct } from './api';

const PAGE_SIZE = 25;
/** Search runs this long after the last keystroke. */
const SEARCH_DELAY_MS = 300;
type SortKey = 'newest' | 'price_asc' | 'price_desc' | 'relevance';

interface BulkProgress {
  action: string;
  done: number;
  total: number;
  failures: string[];
}

export function ProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const stock = params.get('stock') ?? '';
  const sort = (params.get('sort') ?? '') as SortKey | '';
  const pager = useCursorPager();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [bulk, setBulk] = useState<BulkProgress | null>(null);
  const queryClient = useQueryClient();

  // Changes made before the router renders the last one build on it, not on this render's params
  // (react-router's setter reads the params of the render it came from, so a quick second change dropped the first).
  // Refs, not this render's values: the debounced search calls update from the render of its keystroke.
  const latest = useRef(params);
  latest.current = params;
  const pending = useRef<{ from: string; next: URLSearchParams } | null>(null);
  if (pending.current && pending.current.from !== params.toString()) pending.current = null;
  const update = (changes: Record<string, string>) => {
    const current = pending.current?.next ?? latest.current;
    const next = new URLSearchParams(current);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (next.toString() === current.toString()) return;
    pending.current = { from: latest.current.toString(), next };
    setParams(next, { replace: true });
    pager.reset();
    setRowSelection({});
  };

  const [searchText, setSearchText] = useState(q);
  const lastSearched = useRef(q);
  // The URL changed from elsewhere (back, a link): the box shows what is searched.
  useEffect(() => {
    if (q !== lastSearched.current) {
      lastSearched.current = q;
      setSearchText(q);
    }
  }, [q]);
  const searchNow = (text: string) => {
    const trimmed = text.trim();
    if (trimmed === lastSearched.current) return;
    lastSearched.current = trimmed;
    update({ q: trimmed });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a keystroke restarts the wait
  useEffect(() => {
    const timer = setTimeout(() => searchNow(searchText), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  const query = {
    q: q || undefined,
    status: (status || undefined) as ProductStatus | undefined,
    category: category || undefined,
    inStock: (stock || undefined) as 'true' | 'false' | undefined,
    sort: sort || undefined,
    cursor: pager.cursor,
    limit: PAGE_SIZE,
  };
  const products = useQuery({
    queryKey: ['admin-products', query],
    queryFn: () => listProducts(query),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({ queryKey: ['categories'], queryFn: listCategories });

  const columns = useMemo<ColumnDef<ProductSummary>[]>(
    () => [
      {
        id: 'select',
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all products on this page"
            checked={table.getIsAllRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`Select ${row.original.title}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      {
        id: 'title',
        header: 'Product',
        cell: ({ row }) => (
          <div className="product-cell">
            {row.original.image ? <img src={row.original.image.url} alt="" width={40} height={40} /> : null}
            <Link to={`/products/${row.original.id}`}>{row.original.title}</Link>
          </div>
        ),
      },
      { id: 'status', header: 'Status', cell: ({ row }) => <StatusBadge value={row.original.status} /> },
      { id: 'category', header: 'Category', cell: ({ row }) => row.original.category?.name ?? '—' },
      {
        id: 'price',
        header: 'Price',
        cell: ({ row }) => {
          const price = row.original.price;
          if (!price) return '—';
          return price.min === price.max
            ? formatMoney(price.min, price.currency)
            : `${formatMoney(price.min, price.currency)} – ${formatMoney(price.max, price.currency)}`;
        },
      },
      {
        id: 'stock',
        header: 'Stock',
        cell: ({ row }) =>
          row.original.inStock ? 'In stock' : <strong className="warn">Out of stock</strong>,
      },
      { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    ],
    [],
  );

  const table = useReactTable({
    data: products.data?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: true,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
  });

  const selected = Object.keys(rowSelection).filter((id) => rowSelection[id]);

  const runBulk = async (to: ProductStatus, action: string) => {
    const progress: BulkProgress = { action, done: 0, total: selected.length, failures: [] };
    setBulk({ ...progress });
    for (const id of selected) {
      try {
        await patchProduct(id, { status: to });
      } catch (error) {
        const title = products.data?.items.find((p) => p.id === id)?.title ?? id;
        progress.failures.push(`${title}: ${messageOf(error)}`);
      }
      progress.done += 1;
      setBulk({ ...progress });
    }
    setRowSelection({});
    await queryClient.invalidateQueries({ queryKey: ['admin-products'] });
  };

  const sortHeader = (label: string, ascending: SortKey, descending?: SortKey) => {
    const current = sort === ascending ? 'ascending' : sort === descending ? 'descending' : 'none';
    const next = current === 'ascending' && descending ? descending : current === 'none' ? ascending : '';
    return { current, next, label };
  };
  const priceSort = sortHeader('Price', 'price_asc', 'price_desc');
  const createdSort = sortHeader('Created', 'newest');

  return (
    <>
      <PageHeader title="Products">
        <Link className="button" to="/products/new">
          New product
        </Link>
      </PageHeader>
      <form className="filters" aria-label="Filter products" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="product-search">Search</label>
          <input
            id="product-search"
            type="search"
            value={searchText}
            placeholder="Title, description, SKU…"
            onChange={(e) => setSearchText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') searchNow(e.currentTarget.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="product-status">Status</label>
          <select id="product-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">Any</option>
            <option value="draft">Draft</option>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="product-category">Category</label>
          <select
            id="product-category"
            value={category}
            onChange={(e) => update({ category: e.target.value })}
          >
            <option value="">Any</option>
            {categories.data?.items.map((c) => (
              <option key={c.id} value={c.slug}>
                {'\u00a0\u00a0'.repeat(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="product-stock">Stock</label>
          <select id="product-stock" value={stock} onChange={(e) => update({ stock: e.target.value })}>
            <option value="">Any</option>
            <option value="true">In stock</option>
            <option value="false">Out of stock</option>
          </select>
        </div>
      </form>

      <div className="bulk" aria-live="polite">
        <span>{selected.length} selected</span>
        <button
          type="button"
          disabled={selected.length === 0 || (bulk !== null && bulk.done < bulk.total)}
          onClick={() => runBulk('active', 'Publishing')}
        >
          Publish
        </button>
        <button
          type="button"
          className="secondary"
          disabled={selected.length === 0 || (bulk !== null && bulk.done < bulk.total)}
          onClick={() => runBulk('archived', 'Archiving')}
        >
          Archive
        </button>
        {bulk ? (
          <span className="bulk-progress">
            <label htmlFor="bulk-progress">
              {bulk.action}: {bulk.done} of {bulk.total}
              {bulk.done === bulk.total ? ' — done' : '…'}
            </label>
            <progress id="bulk-progress" max={bulk.total} value={bulk.done} />
          </span>
        ) : null}
      </div>
      {bulk?.failures.length ? (
        <div role="alert" className="error">
          <p>{bulk.failures.length} could not be changed:</p>
          <ul>
            {bulk.failures.map((failure) => (
              <li key={failure}>{failure}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <ErrorMessage error={products.error} />
      {products.isPending ? <Loading /> : null}
      {products.data?.correctedQuery ? (
        <p className="muted">Showing results for “{products.data.correctedQuery}”.</p>
      ) : null}
      <table className="data-table" aria-label="Products" aria-busy={products.isFetching}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable =
                  header.id === 'price' ? priceSort : header.id === 'created' ? createdSort : null;
                if (!sortable) {
                  return (
                    <th key={header.id} scope="col">
                      {flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  );
                }
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sortable.current as 'ascending' | 'descending' | 'none'}
                  >
                    <button type="button" className="link" onClick={() => update({ sort: sortable.next })}>
                      {sortable.label}
                      <span aria-hidden="true">
                        {sortable.current === 'ascending'
                          ? ' ▲'
                          : sortable.current === 'descending'
                            ? ' ▼'
                            : ' ↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
          {products.data && products.data.items.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>No products match.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <CursorPager
        label="Pages of products"
        pager={pager}
        nextCursor={products.data?.nextCursor}
        onPageChange={() => setRowSelection({})}
      />
    </>
  );
}
