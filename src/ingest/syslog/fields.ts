/** Small scanners shared by both syslog parsers: header tokens and the message tail. */

/** Index of the first space at or after `at` (or the end); -1 when a control byte comes first. */
export function tokenEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) return i;
    if (code < 32 || code === 127) return -1;
  }
  return text.length;
}

/** The message from `at`, without a leading BOM and trailing CR, LF or NUL padding. */
export function messageTail(text: string, at: number): string {
  let start = at;
  if (text.charCodeAt(start) === 0xfeff) start++;
  let end = text.length;
  while (end > start) {
    const code = text.charCodeAt(end - 1);
    if (code !== 10 && code !== 13 && code !== 0) break;
    end--;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
