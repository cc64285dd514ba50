import { zodResolver } from '@hookform/resolvers/zod';
import type { StaffProductDetail, StaffVariant } from '@shopstream/contracts';
import { ApiError, messageOf } from '@shopstream/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { type FieldPath, useFieldArray, useForm } from 'react-hook-form';
import { Link, useBlocker, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../lib/api';
import { shopSettings } from '../../lib/shop-settings';
import { ErrorMessage, Loading, Notice, PageHeader } from '../../lib/ui';
import { getProduct, listCategories, uploadImage } from './api';
import {
  emptyProduct,
  formFieldOf,
  formValuesOf,
  ProductForm,
  type ProductFormOutput,
  type ProductFormValues,
  productInputOf,
  productPatchOf,
} from './product-form';
import { buildVariantMatrix, splitValues } from './variant-matrix';

export function ProductEditorPage() {
  const { id } = useParams();
  const product = useQuery({
    queryKey: ['admin-product', id],
    queryFn: () => getProduct(id ?? ''),
    enabled: Boolean(id),
    // Never refetched under the user's edits; saving loads the fresh product itself.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  if (id && product.isPending) return <Loading />;
  if (id && product.error) return <ErrorMessage error={product.error} />;
  return <ProductEditor key={id ?? 'new'} product={product.data} />;
}

function FieldError({ name, message }: { name: string; message: string | undefined }) {
  return message ? (
    <span id={`${name}-error`} className="field-error">
      {message}
    </span>
  ) : null;
}

const imageTypes = 'image/png,image/jpeg,image/gif,image/webp';

function ProductEditor({ product }: { product?: StaffProductDetail }) {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['categories'], queryFn: listCategories });
  const form = useForm<ProductFormValues, unknown, ProductFormOutput>({
    resolver: zodResolver(ProductForm),
    defaultValues: product ? formValuesOf(product) : emptyProduct,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { register, control, formState, handleSubmit, setError, reset, getValues } = form;
  const { errors, isDirty, isSubmitting } = formState;
  const options = useFieldArray({ control, name: 'options' });
  const variants = useFieldArray({ control, name: 'variants', keyName: 'key' });
  const images = useFieldArray({ control, name: 'images', keyName: 'key' });
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const leaving = useRef(false);
  const askedFor = useRef<string | null>(null);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') {
      askedFor.current = null;
      return;
    }
    // Re-renders while the answer takes effect must not ask the same question again.
    if (askedFor.current === blocker.location.key) return;
    askedFor.current = blocker.location.key;
    if (window.confirm('You have unsaved changes. Leave this page and lose them?')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  const fieldError = (name: string) => {
    const parts = name.split('.');
    let node: unknown = errors;
    for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
    return (node as { message?: string } | undefined)?.message;
  };
  const describedBy = (name: string) => (fieldError(name) ? `${name}-error` : undefined);

  const generateMatrix = () => {
    const values = getValues();
    const matrix = buildVariantMatrix(
      values.options.map((option) => ({ name: option.name.trim(), values: splitValues(option.values) })),
      values.variants.map((variant) => ({ ...variant, stockOnHand: variant.stockOnHand ?? 0 })),
      values.title,
    );
    variants.replace(matrix);
  };

  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setFailure(null);
    let index = 0;
    for (const file of Array.from(files)) {
      index += 1;
      setUploading(`Uploading ${file.name} (${index} of ${files.length})…`);
      try {
        const { url } = await uploadImage(file);
        images.append({ url, alt: file.name.replace(/\.[a-z0-9]+$/i, '') });
      } catch (error) {
        setFailure(new Error(`${file.name}: ${messageOf(error)}`));
      }
    }
    setUploading(null);
  };

  const save = handleSubmit(async (values) => {
    setFailure(null);
    setSaved(null);
    try {
      if (!product) {
        const created = await api<StaffProductDetail>('/admin/products', {
          method: 'POST',
          body: productInputOf(values),
        });
        leaving.current = true;
        reset(formValuesOf(created));
        await queryClient.invalidateQueries({ queryKey: ['admin-products'] });
        navigate(`/products/${created.id}`, { replace: true, state: { created: true } });
        return;
      }
      await saveChanges(product, values);
      const fresh = await getProduct(product.id);
      queryClient.setQueryData(['admin-product', product.id], fresh);
      await queryClient.invalidateQueries({ queryKey: ['admin-products'] });
      reset(formValuesOf(fresh));
      setSaved(`Saved at ${new Date().toLocaleTimeString()}.`);
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          setError(formFieldOf(field) as FieldPath<ProductFormValues>, { message });
        }
      }
      setFailure(error);
    }
  });

  const optionNames = (getValues('options') ?? []).map((option) => option.name).filter(Boolean);
  const variantLabel = (index: number) => {
    const values = Object.values(variants.fields[index]?.options ?? {});
    return values.length ? values.join(' / ') : 'Default';
  };

  return (
    <>
      <PageHeader title={product ? `Edit ${product.title}` : 'New product'}>
        <Link to="/products">Back to products</Link>
      </PageHeader>
      {product && (location.state as { created?: boolean } | null)?.created ? (
        <Notice>Product created.</Notice>
      ) : null}
      <form onSubmit={save} noValidate className="editor" aria-label="Product">
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <div className="field">
            <label htmlFor="title">Title</label>
            <input
              id="title"
              aria-invalid={Boolean(fieldError('title'))}
              aria-describedby={describedBy('title')}
              {...register('title')}
            />
            <FieldError name="title" message={fieldError('title')} />
          </div>
          <div className="field">
            <label htmlFor="description">Description</label>
            <textarea
              id="description"
              rows={4}
              aria-describedby={describedBy('description')}
              {...register('description')}
            />
            <FieldError name="description" message={fieldError('description')} />
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="status">Status</label>
              <select id="status" {...register('status')}>
                <option value="draft">Draft</option>
                <option value="active">Active (published)</option>
                <option value="archived">Archived</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="categoryId">Category</label>
              <select
                id="categoryId"
                aria-describedby={describedBy('categoryId')}
                {...register('categoryId')}
              >
                <option value="">None</option>
                {categories.data?.items.map((category) => (
                  <option key={category.id} value={category.id}>
                    {'\u00a0\u00a0'.repeat(category.depth)}
                    {category.name}
                  </option>
                ))}
              </select>
              <FieldError name="categoryId" message={fieldError('categoryId')} />
            </div>
            <div className="field grow">
              <label htmlFor="tags">Tags (comma-separated)</label>
              <input id="tags" aria-describedby={describedBy('tags')} {...register('tags')} />
              <FieldError name="tags" message={fieldError('tags')} />
            </div>
          </div>
        </section>

        <section aria-labelledby="images-heading">
          <h2 id="images-heading">Images</h2>
          <div className="field">
            <label htmlFor="image-files">Upload images from disk (PNG, JPEG, GIF or WebP, up to 5 MB)</label>
            <input
              id="image-files"
              type="file"
              accept={imageTypes}
              multiple
              onChange={async (event) => {
                await upload(event.currentTarget.files);
                event.target.value = '';
              }}
            />
          </div>
          {uploading ? <Loading label={uploading} /> : null}
          <ol className="image-list" aria-label="Images, in display order">
            {images.fields.map((image, index) => (
              <li key={image.key}>
                <img src={image.url} alt="" width={72} height={72} />
                <div className="field grow">
                  <label htmlFor={`images.${index}.alt`}>Alt text of image {index + 1}</label>
                  <input id={`images.${index}.alt`} {...register(`images.${index}.alt`)} />
                  <FieldError name={`images.${index}.url`} message={fieldError(`images.${index}.url`)} />
                </div>
                <button
                  type="button"
                  className="secondary"
                  disabled={index === 0}
                  onClick={() => images.move(index, index - 1)}
                  aria-label={`Move image ${index + 1} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={index === images.fields.length - 1}
                  onClick={() => images.move(index, index + 1)}
                  aria-label={`Move image ${index + 1} down`}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => images.remove(index)}
                  aria-label={`Remove image ${index + 1}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          {images.fields.length === 0 ? <p className="muted">No images yet.</p> : null}
        </section>

        <section aria-labelledby="options-heading">
          <h2 id="options-heading">Options</h2>
          <p className="muted">
            Options such as size and colour; every combination of their values becomes a variant.
          </p>
          {options.fields.map((option, index) => (
            <div className="row" key={option.id}>
              <div className="field">
                <label htmlFor={`options.${index}.name`}>Option {index + 1} name</label>
                <input
                  id={`options.${index}.name`}
                  placeholder="size"
                  aria-describedby={describedBy(`options.${index}.name`)}
                  {...register(`options.${index}.name`)}
                />
                <FieldError name={`options.${index}.name`} message={fieldError(`options.${index}.name`)} />
              </div>
              <div className="field grow">
                <label htmlFor={`options.${index}.values`}>Option {index + 1} values (comma-separated)</label>
                <input
                  id={`options.${index}.values`}
                  placeholder="S, M, L"
                  aria-describedby={describedBy(`options.${index}.values`)}
                  {...register(`options.${index}.values`)}
                />
                <FieldError
                  name={`options.${index}.values`}
                  message={fieldError(`options.${index}.values`)}
                />
              </div>
              <button type="button" className="secondary align-end" onClick={() => options.remove(index)}>
                Remove option {index + 1}
              </button>
            </div>
          ))}
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={options.fields.length >= 5}
              onClick={() => options.append({ name: '', values: '' })}
            >
              Add option
            </button>
            <button type="button" onClick={generateMatrix}>
              Generate variants
            </button>
          </div>
        </section>

        <section aria-labelledby="variants-heading">
          <h2 id="variants-heading">Variants ({variants.fields.length})</h2>
          <FieldError name="variants" message={fieldError('variants')} />
          <FieldError name="variants.root" message={fieldError('variants.root')} />
          <table className="data-table variants" aria-labelledby="variants-heading">
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">SKU</th>
                <th scope="col">Price ({shopSettings.currency})</th>
                <th scope="col">Compare-at price</th>
                <th scope="col">Stock on hand</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {variants.fields.map((variant, index) => (
                <tr key={variant.key}>
                  <th scope="row">{variantLabel(index)}</th>
                  <td>
                    <input
                      aria-label={`SKU of ${variantLabel(index)}`}
                      aria-invalid={Boolean(fieldError(`variants.${index}.sku`))}
                      aria-describedby={describedBy(`variants.${index}.sku`)}
                      {...register(`variants.${index}.sku`)}
                    />
                    <FieldError
                      name={`variants.${index}.sku`}
                      message={fieldError(`variants.${index}.sku`)}
                    />
                  </td>
                  <td>
                    <input
                      inputMode="decimal"
                      aria-label={`Price of ${variantLabel(index)}`}
                      aria-invalid={Boolean(fieldError(`variants.${index}.price`))}
                      aria-describedby={describedBy(`variants.${index}.price`)}
                      {...register(`variants.${index}.price`)}
                    />
                    <FieldError
                      name={`variants.${index}.price`}
                      message={fieldError(`variants.${index}.price`)}
                    />
                  </td>
                  <td>
                    <input
                      inputMode="decimal"
                      aria-label={`Compare-at price of ${variantLabel(index)}`}
                      aria-describedby={describedBy(`variants.${index}.compareAtPrice`)}
                      {...register(`variants.${index}.compareAtPrice`)}
                    />
                    <FieldError
                      name={`variants.${index}.compareAtPrice`}
                      message={fieldError(`variants.${index}.compareAtPrice`)}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      aria-label={`Stock of ${variantLabel(index)}`}
                      aria-describedby={describedBy(`variants.${index}.stockOnHand`)}
                      {...register(`variants.${index}.stockOnHand`, { valueAsNumber: true })}
                    />
                    <FieldError
                      name={`variants.${index}.stockOnHand`}
                      message={fieldError(`variants.${index}.stockOnHand`)}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      disabled={variants.fields.length === 1}
                      onClick={() => variants.remove(index)}
                      aria-label={`Remove variant ${variantLabel(index)}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {optionNames.length === 0 ? (
            <p className="muted">Without options the product has a single variant.</p>
          ) : null}
        </section>

        <ErrorMessage error={failure} />
        {saved ? <Notice>{saved}</Notice> : null}
        <div className="actions sticky">
          <button type="submit" disabled={isSubmitting || uploading !== null}>
            {isSubmitting ? 'Saving…' : product ? 'Save changes' : 'Create product'}
          </button>
          {isDirty ? <span className="muted">Unsaved changes</span> : null}
        </div>
      </form>
    </>
  );
}

/** Writes the differences between the product as loaded and the form: product, variants, images. */
async function saveChanges(product: StaffProductDetail, values: ProductFormOutput) {
  await api(`/admin/products/${product.id}`, { method: 'PATCH', body: productPatchOf(values) });

  const before = new Map<string, StaffVariant>(
    product.variants.filter((v) => v.active).map((v) => [v.id, v]),
  );
  const kept = new Set(values.variants.map((v) => v.id).filter(Boolean));
  for (const id of before.keys()) {
    if (!kept.has(id)) await api(`/admin/variants/${id}`, { method: 'DELETE' });
  }
  for (const variant of values.variants) {
    const body = {
      sku: variant.sku,
      options: variant.options,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice,
      stockOnHand: variant.stockOnHand,
    };
    const old = variant.id ? before.get(variant.id) : undefined;
    if (!old) {
      await api(`/admin/products/${product.id}/variants`, { method: 'POST', body });
      continue;
    }
    const { stockOnHand, ...fields } = body;
    if (
      old.sku !== fields.sku ||
      old.price !== fields.price ||
      old.compareAtPrice !== fields.compareAtPrice ||
      JSON.stringify(old.options) !== JSON.stringify(fields.options)
    ) {
      await api(`/admin/variants/${old.id}`, { method: 'PATCH', body: fields });
    }
    // Stock of an existing variant changes through the inventory ledger, so the history stays complete.
    if (stockOnHand !== old.stockOnHand) {
      await api(`/admin/variants/${old.id}/stock-adjustments`, {
        method: 'POST',
        body: {
          delta: stockOnHand - old.stockOnHand,
          reason: 'correction',
          note: 'Edited in the product editor',
        },
      });
    }
  }

  const keptImages = new Set(values.images.map((image) => image.id).filter(Boolean));
  for (const image of product.images) {
    if (!keptImages.has(image.id)) {
      await api(`/admin/products/${product.id}/images/${image.id}`, { method: 'DELETE' });
    }
  }
  for (const [position, image] of values.images.entries()) {
    const old = product.images.find((candidate) => candidate.id === image.id);
    if (!old) {
      await api(`/admin/products/${product.id}/images`, {
        method: 'POST',
        body: { url: image.url, alt: image.alt, position },
      });
    } else if (old.position !== position || old.alt !== image.alt) {
      await api(`/admin/products/${product.id}/images/${old.id}`, {
        method: 'PATCH',
        body: { alt: image.alt, position },
      });
    }
  }
}
