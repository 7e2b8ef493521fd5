/** `{{ name }}` with optional inner spaces; names are identifiers, dots allowed (`contact.name`). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

export type TemplateValue = string | number | boolean | null | undefined;

export interface RenderedTemplate {
  text: string;
  /** Placeholders with neither a value nor a default: left in the text as written, and reported. */
  missing: string[];
  /** Given values that no placeholder uses (a typo in a variable name shows up here). */
  unused: string[];
}

/** Every placeholder name in the content, once, in order of first use. */
export function placeholdersOf(content: string): string[] {
  return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * Fills `{{variable}}` placeholders (pure): a given value wins over the default; a placeholder
 * with neither is never silently emptied but kept and reported in `missing`.
 */
export function renderTemplate(
  content: string,
  values: Record<string, TemplateValue>,
  defaults: Record<string, string> = {},
): RenderedTemplate {
  const missing = new Set<string>();
  const used = new Set<string>();
  const text = content.replace(PLACEHOLDER, (placeholder, name: string) => {
    used.add(name);
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value !== undefined && value !== null) return String(value);
    if (Object.hasOwn(defaults, name)) return defaults[name]!;
    missing.add(name);
    return placeholder;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name) && values[name] !== undefined);
  return { text, missing: [...missing], unused };
}
