import type { Return, ReturnList, ReturnStatus } from '@shopstream/contracts';
import { api } from '../../lib/api';

export const listReturns = (status?: ReturnStatus) =>
  api<ReturnList>('/admin/returns', { query: { status, limit: 100 } });

export type ReturnStep = 'approve' | 'refuse' | 'receive' | 'refund';

export const stepReturn = (id: string, step: ReturnStep, body: object = {}) =>
  api<Return>(`/admin/returns/${id}/${step}`, { method: 'POST', body });
