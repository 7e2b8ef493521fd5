import type { ListMeta } from '@turumba/contracts';

/** `{success: true, data, message: null}` */
export function ok<T>(data: T, message: string | null = null) {
  return { success: true as const, data, message };
}

/** `{success: true, data: [...], meta}` */
export function list<T>(data: T[], meta: ListMeta) {
  return { success: true as const, data, meta };
}
