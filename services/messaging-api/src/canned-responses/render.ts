/**
 * Canned-response templating (pure). `{{name}}` takes the variable's value; `{{name | default:
 * "there"}}` falls back when the value is empty. A placeholder that cannot be filled is left as
 * written and reported in `missing` (and, for names that are no variable at all, in `unknown`),
 * never silently emptied: the agent sees it before sending.
 */
export type TemplateValues = Record<string, string | null | undefined>;

export interface Rendered {
  content: string;
  /** Placeholders left unfilled (unknown names, and known ones without value or default). */
  missing: string[];
  /** Names that are not template variables (typos, retired variables). */
  unknown: string[];
}

const placeholder =
  /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*default\s*:\s*(?:"([^"]*)"|'([^']*)')\s*)?\}\}/g;

export function renderTemplate(template: string, values: TemplateValues): Rendered {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const content = template.replace(placeholder, (whole, name: string, double?: string, single?: string) => {
    if (!Object.hasOwn(values, name)) {
      unknown.add(name);
      missing.add(name);
      return whole;
    }
    const value = values[name]?.trim();
    if (value) return value;
    const fallback = double ?? single;
    if (fallback !== undefined) return fallback;
    missing.add(name);
    return whole;
  });
  return { content, missing: [...missing], unknown: [...unknown] };
}

/** The first word of a name: "Abebe Kebede" → "Abebe". */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}
