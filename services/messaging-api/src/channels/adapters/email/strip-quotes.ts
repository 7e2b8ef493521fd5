// "On Fri, 26 Apr 2013 at 11:29, Alice <alice@example.com> wrote:" and its usual translations.
const ATTRIBUTION =
  /^\s*(On|Le|Am|El|Em|Il|Op|Den)\s.{1,300}(wrote|a écrit|schrieb|escribió|escreveu|ha scritto|schreef|skrev)\s*:\s*$/i;
const SIGNATURE = /^-- ?$/; // RFC 3676 "-- "; many clients trim the trailing space.
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(Original Message|Forwarded message)\s*-{2,}\s*$/i;
const OUTLOOK_RULE = /^\s*_{10,}\s*$/;

// Attributions carry a date; requiring a digit keeps "On the phone my colleague wrote:" as text.
const isAttribution = (text: string) => ATTRIBUTION.test(text) && /\d/.test(text);

function startsQuotedHistory(lines: string[], i: number): boolean {
  const line = lines[i] ?? '';
  const next = lines[i + 1] ?? '';
  if (SIGNATURE.test(line) || ORIGINAL_MESSAGE.test(line) || isAttribution(line)) return true;
  // Gmail wraps long attributions: "On Fri, …, Alice <" / "alice@example.com> wrote:".
  if (!/^\s*>/.test(next) && /:\s*$/.test(next) && isAttribution(`${line} ${next}`)) return true;
  // Outlook: a rule, then the parent's "From:" header block.
  return OUTLOOK_RULE.test(line) && /^\s*From:/i.test(next);
}

/**
 * What the customer wrote, without the quoted history: drops lines starting with '>', and cuts at
 * an "On … wrote:" attribution, an "Original Message" separator, an Outlook header block or the
 * signature delimiter "-- ". The stored raw event keeps the full message.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (startsQuotedHistory(lines, i)) break;
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
}
