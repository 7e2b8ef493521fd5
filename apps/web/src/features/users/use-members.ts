import { useQuery } from '@tanstack/react-query';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { userKeys, usersApi } from './api';
import { type NameBook, nameBook } from './names';

/** The account's members with emails and settings, for the admin screens (admins, supervisors). */
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

/** Everyone in the current account, names and roles: what every member may see (pickers, names). */
export function useTeammates() {
  const api = useApi(usersApi);
  const accountId = useCurrentUser().account?.account_id ?? null;
  return useQuery({
    queryKey: userKeys.teammates(accountId),
    queryFn: () => api.teammates(accountId!),
    enabled: accountId !== null,
    staleTime: 60_000,
    select: (page) => page.data,
  });
}

/** Names for user ids from the account's directory, never a raw id. */
export function useNameBook(): NameBook {
  const { data, isSuccess } = useTeammates();
  const me = useCurrentUser();
  return nameBook(data ?? [], { id: me.id, name: me.name }, isSuccess);
}

/** A user's name from the account's directory ("Former member" once loaded without them). */
export function useMemberNames(): (id: string | null | undefined) => string {
  return useNameBook().user;
}
