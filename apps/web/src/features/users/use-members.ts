import { useQuery } from '@tanstack/react-query';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { userKeys, usersApi } from './api';

/**
 * The account's members, for pickers and for showing names instead of ids. Only admins and
 * supervisors may list users (agents get 403), so agents do not ask.
 */
export function useMembers() {
  const api = useApi(usersApi);
  const me = useCurrentUser();
  return useQuery({
    queryKey: userKeys.all,
    queryFn: api.list,
    enabled: me.isManager,
    staleTime: 60_000,
    select: (page) => page.data,
  });
}

export function useMemberNames(): (id: string | null | undefined) => string {
  const { data } = useMembers();
  const me = useCurrentUser();
  return (id) => {
    if (!id) return 'Nobody';
    if (id === me.id) return me.name;
    return data?.find((m) => m.id === id)?.name ?? (me.isManager ? 'Unknown user' : 'A teammate');
  };
}
