import type {
  Category,
  ProductList,
  ProductPatch,
  StaffProductDetail,
  StaffProductListQuery,
} from '@shopstream/contracts';
import { api } from '../../lib/api';

export const listProducts = (query: Partial<StaffProductListQuery>) =>
  api<ProductList>('/admin/products', { query: query as Record<string, string | number | undefined> });

export const getProduct = (id: string) => api<StaffProductDetail>(`/admin/products/${id}`);

export const patchProduct = (id: string, patch: ProductPatch) =>
  api<StaffProductDetail>(`/admin/products/${id}`, { method: 'PATCH', body: patch });

export const listCategories = () => api<{ items: Category[] }>('/catalog/categories');

/** Sends a picture from disk; answers the URL it is served at. */
export const uploadImage = (file: File) =>
  api<{ url: string }>('/admin/uploads', { method: 'POST', body: file, contentType: file.type });
