/** application/x-www-form-urlencoded → ordered pairs (repeated keys kept; '+' decodes to space). */
export function parseFormPairs(body: Buffer | string): [string, string][] {
  return [...new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')).entries()];
}

/** The last value wins for repeated keys, as most web frameworks do. */
export function parseForm(body: Buffer | string): Record<string, string> {
  return Object.fromEntries(parseFormPairs(body));
}

/**
 * Parses urlencoded or multipart/form-data with the platform's WHATWG `FormData` parser.
 * Files come back as `File` objects.
 */
export async function parseFormData(body: Buffer, contentType: string): Promise<FormData> {
  return new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
}
