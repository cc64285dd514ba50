import type { Category, CategoryPatch } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { ErrorMessage, Loading, Notice, PageHeader } from '../../lib/ui';
import { listCategories } from '../products/api';

/** Categories that may become the parent of `category`: not itself, nor anything below it. */
export function possibleParents(items: Category[], category: Category): Category[] {
  const index = items.findIndex((item) => item.id === category.id);
  let end = index + 1;
  while (end < items.length && (items[end]?.depth ?? 0) > category.depth) end += 1;
  const below = new Set(items.slice(index, end).map((item) => item.id));
  return items.filter((item) => !below.has(item.id));
}

export function CategoriesPage() {
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['categories'], queryFn: listCategories });
  const [notice, setNotice] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [newParent, setNewParent] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['categories'] });

  const create = useMutation({
    mutationFn: () =>
      api<Category>('/admin/categories', {
        method: 'POST',
        body: { name: newName.trim(), parentId: newParent || null },
      }),
    onSuccess: async (category) => {
      setNotice(`Created “${category.name}”.`);
      setNewName('');
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: CategoryPatch }) =>
      api<Category>(`/admin/categories/${id}`, { method: 'PATCH', body: patch }),
    onSuccess: async (category) => {
      setNotice(`Saved “${category.name}”.`);
      await refresh();
    },
  });
  // Moving among siblings swaps the two positions.
  const move = useMutation({
    mutationFn: async ({ category, other }: { category: Category; other: Category }) => {
      const otherPosition = other.position === category.position ? category.position + 1 : category.position;
      await api(`/admin/categories/${category.id}`, { method: 'PATCH', body: { position: other.position } });
      await api(`/admin/categories/${other.id}`, { method: 'PATCH', body: { position: otherPosition } });
    },
    onSuccess: async (_result, { category }) => {
      setNotice(`Moved “${category.name}”.`);
      await refresh();
    },
  });
  const items = categories.data?.items ?? [];

  return (
    <>
      <PageHeader title="Categories" />
      <form
        className="filters"
        aria-label="New category"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="new-category-name">New category name</label>
          <input
            id="new-category-name"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            required
            maxLength={100}
          />
        </div>
        <div className="field">
          <label htmlFor="new-category-parent">Parent</label>
          <select id="new-category-parent" value={newParent} onChange={(e) => setNewParent(e.target.value)}>
            <option value="">None (top level)</option>
            {items.map((c) => (
              <option key={c.id} value={c.id}>
                {'\u00a0\u00a0'.repeat(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="align-end" disabled={create.isPending || !newName.trim()}>
          Create category
        </button>
      </form>
      <ErrorMessage error={create.error ?? update.error ?? move.error ?? categories.error} />
      {notice ? <Notice>{notice}</Notice> : null}
      {categories.isPending ? <Loading /> : null}
      <table className="data-table" aria-label="Category tree">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Active products</th>
            <th scope="col">Parent</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          {items.map((category) => (
            <CategoryRow
              key={`${category.id}-${category.name}-${category.parentId}`}
              category={category}
              parents={possibleParents(items, category)}
              siblings={items.filter((item) => item.parentId === category.parentId)}
              onSave={(patch) => update.mutate({ id: category.id, patch })}
              onMove={(other) => move.mutate({ category, other })}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

function CategoryRow({
  category,
  parents,
  siblings,
  onSave,
  onMove,
}: {
  category: Category;
  parents: Category[];
  siblings: Category[];
  onSave: (patch: CategoryPatch) => void;
  onMove: (other: Category) => void;
}) {
  const [name, setName] = useState(category.name);
  const place = siblings.findIndex((sibling) => sibling.id === category.id);
  const swapWith = (other: Category | undefined) => {
    if (other) onMove(other);
  };
  return (
    <tr>
      <th scope="row" style={{ paddingLeft: `${0.75 + category.depth * 1.5}rem` }}>
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() && name.trim() !== category.name) onSave({ name: name.trim() });
          }}
        >
          <input
            aria-label={`Name of ${category.name}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
          />
          <button
            type="submit"
            className="secondary"
            disabled={!name.trim() || name.trim() === category.name}
          >
            Rename
          </button>
        </form>
      </th>
      <td>{category.slug}</td>
      <td>{category.productCount}</td>
      <td>
        <select
          aria-label={`Parent of ${category.name}`}
          value={category.parentId ?? ''}
          onChange={(e) => onSave({ parentId: e.target.value || null })}
        >
          <option value="">None (top level)</option>
          {parents.map((parent) => (
            <option key={parent.id} value={parent.id}>
              {'\u00a0\u00a0'.repeat(parent.depth)}
              {parent.name}
            </option>
          ))}
        </select>
      </td>
      <td className="order-buttons">
        <button
          type="button"
          className="secondary"
          disabled={place <= 0}
          aria-label={`Move ${category.name} up`}
          onClick={() => swapWith(siblings[place - 1])}
        >
          ↑
        </button>{' '}
        <button
          type="button"
          className="secondary"
          disabled={place === siblings.length - 1}
          aria-label={`Move ${category.name} down`}
          onClick={() => swapWith(siblings[place + 1])}
        >
          ↓
        </button>
      </td>
    </tr>
  );
}
