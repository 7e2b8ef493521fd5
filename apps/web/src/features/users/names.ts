/** Names for user ids, from the account's directory. */
export interface NameBook {
  /** Always something to show. */
  user(id: string | null | undefined): string;
  /** The name when the id is a known person, else null. */
  find(id: string): string | null;
}

/**
 * Names of users by id: the signed-in user, then the account's directory. A user the loaded
 * directory does not list left the account ("Former member"); while it loads (or when it could
 * not), "A teammate", never the raw id.
 */
export function nameBook(
  people: readonly { id: string; name: string }[],
  me: { id: string; name: string },
  isLoaded: boolean,
): NameBook {
  const byId = new Map(people.map((p) => [p.id, p.name]));
  return {
    user(id) {
      if (!id) return 'Nobody';
      if (id === me.id) return me.name;
      return byId.get(id) ?? (isLoaded ? 'Former member' : 'A teammate');
    },
    find: (id) => (id === me.id ? me.name : (byId.get(id) ?? null)),
  };
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A stored line with ids in it ("Assigned to 6f1c… by 9a2e…") for events this client has no
 * sentence of: every id becomes the user's or team's name, or a neutral word.
 */
export function replaceIds(
  text: string,
  names: { user(id: string): string | null; team(id: string): string | null },
): string {
  return text.replace(uuid, (id) => names.user(id) ?? names.team(id) ?? 'someone');
}
