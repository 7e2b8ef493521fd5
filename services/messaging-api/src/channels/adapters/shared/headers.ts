import type { HttpHeaders, QueryParams } from '../types';

/** Case-insensitive header lookup; a repeated header yields its first value. */
export function header(headers: HttpHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** A single query value; repeated parameters are ambiguous and treated as absent. */
export function queryValue(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
