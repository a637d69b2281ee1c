/** RFC 5424 STRUCTURED-DATA: `-` or `[id param="value" ...]...`, with `\"`, `\\` and `\]` escapes in values. */
import type { StructuredData } from './message.js';

export interface StructuredDataRead {
  data: StructuredData | undefined;
  /** Index just past the structured data. */
  end: number;
}

/** SD-NAME characters: printable US-ASCII except `=`, space, `]` and `"`. */
function isNameChar(code: number): boolean {
  return code > 32 && code < 127 && code !== 61 && code !== 93 && code !== 34;
}

function readName(text: string, at: number): number {
  let end = at;
  while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
  return end;
}

/** A quoted value at `at` (the opening quote): the unescaped value and the index past the closing quote. */
function readValue(text: string, at: number): { value: string; end: number } | undefined {
  let value = '';
  let start = at + 1;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) return { value: value + text.slice(start, i), end: i + 1 };
    if (code === 92) {
      const next = text.charCodeAt(i + 1);
      // Only `"`, `\` and `]` are escapes; any other backslash is kept as written (RFC 5424 §6.3.3).
      if (next === 34 || next === 92 || next === 93) {
        value += text.slice(start, i);
        start = i + 1;
        i++;
      }
    }
  }
  return undefined;
}

/** Sets an own key even when it is `__proto__`, so a sender cannot change an object's prototype. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function addParam(element: Record<string, string>, name: string, value: string): void {
  const previous = Object.hasOwn(element, name) ? element[name] : undefined;
  setOwn(element, name, previous === undefined ? value : `${previous},${value}`);
}

/** One `[id param="v" ...]` at `at`; the index past `]`, or undefined when malformed. */
function readElement(text: string, at: number, data: StructuredData): number | undefined {
  const idEnd = readName(text, at + 1);
  if (idEnd === at + 1) return undefined;
  const id = text.slice(at + 1, idEnd);
  let element = Object.hasOwn(data, id) ? data[id] : undefined;
  if (element === undefined) {
    element = {};
    setOwn(data, id, element);
  }
  let pos = idEnd;
  for (;;) {
    if (text.charCodeAt(pos) === 93) return pos + 1;
    if (text.charCodeAt(pos) !== 32) return undefined;
    while (text.charCodeAt(pos) === 32) pos++;
    if (text.charCodeAt(pos) === 93) return pos + 1;
    const nameEnd = readName(text, pos);
    if (nameEnd === pos || text.charCodeAt(nameEnd) !== 61 || text.charCodeAt(nameEnd + 1) !== 34) return undefined;
    const read = readValue(text, nameEnd + 1);
    if (read === undefined) return undefined;
    addParam(element, text.slice(pos, nameEnd), read.value);
    pos = read.end;
  }
}

/** Reads STRUCTURED-DATA at `at`; undefined when it is neither `-` nor well-formed elements. */
export function readStructuredData(text: string, at: number): StructuredDataRead | undefined {
  if (text.charCodeAt(at) === 45) return { data: undefined, end: at + 1 };
  if (text.charCodeAt(at) !== 91) return undefined;
  const data: StructuredData = {};
  let pos = at;
  while (text.charCodeAt(pos) === 91) {
    const end = readElement(text, pos, data);
    if (end === undefined) return undefined;
    pos = end;
  }
  return { data, end: pos };
}
