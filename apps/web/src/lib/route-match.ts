/**
 * Matches `/inbox/:id` against a pathname; `*` at the end matches the rest. Returns the params,
 * or null when the path does not match.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part === '*') return params;
    const value = have[i];
    if (part.endsWith('?') && part.startsWith(':')) {
      if (value !== undefined) params[part.slice(1, -1)] = decodeURIComponent(value);
      continue;
    }
    if (value === undefined) return null;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return have.length <= want.length ? params : null;
}
