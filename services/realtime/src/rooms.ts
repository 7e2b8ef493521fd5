/** Room names (ARCHITECTURE.md §8). Rooms are per namespace: `conv:{id}` on `/customers` is not the agents' one. */
export const rooms = {
  account: (id: string) => `account:${id}`,
  conversation: (id: string) => `conv:${id}`,
  user: (id: string) => `user:${id}`,
  /** A widget visitor on one channel (every tab of theirs). */
  visitor: (channelId: string, visitorId: string) => `visitor:${channelId}:${visitorId}`,
};
