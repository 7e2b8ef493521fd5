import { useQuery } from '@tanstack/react-query';
import { useApi } from '../auth/auth-context';
import { teamKeys, teamsApi } from './api';

export function useTeams() {
  const api = useApi(teamsApi);
  return useQuery({
    queryKey: teamKeys.all,
    queryFn: api.list,
    staleTime: 60_000,
    select: (page) => page.data,
  });
}
