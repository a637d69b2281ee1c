/**
 * Masks credentials in text meant for people (logs, error messages): the password of any
 * `scheme://user:password@host` URL, and the value of secret-looking query parameters.
 */

const urlUserInfo = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi;
const secretParameter = /([?&](?:password|passwd|pwd|token|access_token|api_?key|secret|sig|signature)=)[^&\s#"']*/gi;

export function redactCredentials(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text.replace(urlUserInfo, '$1$2:***@').replace(secretParameter, '$1***');
}

/** A copy of a log object with credentials masked in its strings, two levels deep (fields and their fields). */
export function redactFields(object: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    const redacted = redactValue(value, depth);
    if (redacted === value) continue;
    copy ??= { ...object };
    copy[key] = redacted;
  }
  return copy ?? object;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (depth < 2 && typeof value === 'object' && value !== null && !Array.isArray(value)) return redactFields(value as Record<string, unknown>, depth + 1);
  return value;
}
