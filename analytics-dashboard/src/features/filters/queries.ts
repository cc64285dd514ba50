import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../services';

const key = (site: string | null) => ['segments', site ?? api.site];

export function useSegments(site: string | null) {
  return useQuery({
    queryKey: key(site),
    queryFn: ({ signal }) => api.segments.list(site ?? undefined, signal),
  });
}

export function useSaveSegment(site: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filters: string[] }) => api.segments.create(input, site ?? undefined),
    onSuccess: () => client.invalidateQueries({ queryKey: key(site) }),
  });
}

export function useDeleteSegment(site: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.segments.remove(id, site ?? undefined),
    onSuccess: () => client.invalidateQueries({ queryKey: key(site) }),
  });
}
