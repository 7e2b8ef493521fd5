import type { ListQuery } from '@turumba/platform/query';
import type { Caller } from '../accounts/authorize';
import { addUser } from './add-user';
import type { AccountHeader, UserServiceDeps } from './deps';
import { getMe, getUser, listUsers } from './queries';
import { removeUser } from './remove-user';
import type { AddUserRequest, UpdateUserRequest } from './schema';
import { updateUser } from './update-user';

export type { UserServiceDeps } from './deps';

/** Users as members of accounts: listing, adding, changing and removing them; and "me". */
export function createUserService(deps: UserServiceDeps) {
  return {
    listUsers: (caller: Caller, requested: AccountHeader, query: ListQuery) =>
      listUsers(deps, caller, requested, query),
    getUser: (caller: Caller, requested: AccountHeader, userId: string) =>
      getUser(deps, caller, requested, userId),
    addUser: (caller: Caller, requested: AccountHeader, body: AddUserRequest) =>
      addUser(deps, caller, requested, body),
    updateUser: (caller: Caller, requested: AccountHeader, userId: string, body: UpdateUserRequest) =>
      updateUser(deps, caller, requested, userId, body),
    removeUser: (caller: Caller, requested: AccountHeader, userId: string) =>
      removeUser(deps, caller, requested, userId),
    getMe: (caller: Caller) => getMe(deps, caller),

    /** My own name, whatever accounts I belong to. */
    async renameMe(caller: Caller, name: string) {
      await deps.users.update(deps.db, caller.userId, { name }, deps.clock());
      await deps.cache.invalidate([caller.userId]);
      return getMe(deps, caller);
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;
