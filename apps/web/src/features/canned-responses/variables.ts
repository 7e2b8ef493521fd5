/**
 * `{{contact_name}}` and `{{name | default: "there"}}` placeholders of canned responses (spec §1.3).
 * The server renders what it knows; these fill the rest from what the agent typed.
 */
const placeholder = /\{\{\s*([a-zA-Z_][\w.]*)\s*(?:\|\s*default:\s*(?:"([^"]*)"|'([^']*)'))?\s*\}\}/g;

/** Names of the placeholders in `text`, each once, in order of appearance. */
export function extractVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(placeholder)) {
    const name = match[1]!;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Names without a default that `values` does not fill (blank counts as not filled). */
export function missingVariables(text: string, values: Record<string, string> = {}): string[] {
  const missing: string[] = [];
  for (const match of text.matchAll(placeholder)) {
    const name = match[1]!;
    const hasDefault = match[2] !== undefined || match[3] !== undefined;
    if (!hasDefault && !values[name]?.trim() && !missing.includes(name)) missing.push(name);
  }
  return missing;
}

/** Replaces placeholders with `values`, then defaults; unknown ones without default stay as typed. */
export function fillVariables(text: string, values: Record<string, string>): string {
  return text.replace(placeholder, (whole, name: string, dq?: string, sq?: string) => {
    const value = values[name]?.trim();
    if (value) return value;
    const fallback = dq ?? sq;
    return fallback ?? whole;
  });
}

/** A readable label for a variable name: `order_number` → "Order number". */
export function variableLabel(name: string): string {
  const words = name.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The render endpoint's answer, whatever it names its fields: the text, and the variables it
 * could not fill (listed by the server, or found still in the text).
 */
export function readRenderResult(data: unknown, fallbackText: string): { text: string; missing: string[] } {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const text =
    [d.content, d.text, d.rendered].find((v): v is string => typeof v === 'string') ?? fallbackText;
  // `missing`: known variables without a value; `unknown`: names the server does not know.
  const listed = [d.missing_variables, d.missing, d.unknown].filter(Array.isArray).flat() as unknown[];
  const fromServer = listed.filter((v): v is string => typeof v === 'string');
  const inText = missingVariables(text);
  return { text, missing: [...new Set([...fromServer, ...inText])] };
}
