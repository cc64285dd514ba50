import type { FunnelInput, GoalInput } from '@shopstream/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../services';

export const useGoals = (site: string) =>
  useQuery({ queryKey: ['goals', site], queryFn: ({ signal }) => api.goals.list(site, signal) });

export const useFunnels = (site: string) =>
  useQuery({ queryKey: ['funnels', site], queryFn: ({ signal }) => api.funnels.list(site, signal) });

/** Adding or removing a goal or funnel refreshes the lists and every report that counts them. */
function useChange<Input>(site: string, run: (input: Input) => Promise<unknown>, lists: 'goals' | 'funnels') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: [lists, site] });
      await client.invalidateQueries({ queryKey: [lists === 'goals' ? 'goals-report' : 'funnel'] });
    },
  });
}

export const useCreateGoal = (site: string) =>
  useChange(site, (input: GoalInput) => api.goals.create(input), 'goals');
export const useRemoveGoal = (site: string) =>
  useChange(site, (id: string) => api.goals.remove(site, id), 'goals');
export const useCreateFunnel = (site: string) =>
  useChange(site, (input: FunnelInput) => api.funnels.create(input), 'funnels');
export const useRemoveFunnel = (site: string) =>
  useChange(site, (id: string) => api.funnels.remove(site, id), 'funnels');
