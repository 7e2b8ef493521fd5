const palette = ['#4f46e5', '#0e9384', '#c11574', '#dc6803', '#2e90fa', '#7a5af8', '#099250', '#d92d20'];

/** Initials of a name ("Ann Lee" → "AL"); a fallback when empty. */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
  return (first + last).toUpperCase();
}

/** A stable colour per person, from a hash of their id or name. */
export function colorFor(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}

export function Avatar({
  name,
  id,
  size = 'md',
}: {
  name: string | null | undefined;
  id?: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <span
      className={`avatar${size === 'md' ? '' : ` avatar--${size}`}`}
      style={{ background: colorFor(id ?? name ?? '') }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
