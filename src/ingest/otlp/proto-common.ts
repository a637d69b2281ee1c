/**
 * Protobuf decoders for common.proto and resource.proto (AnyValue, KeyValue, Resource) and the
 * ResourceX/ScopeX envelope every signal shares. Tags are matched whole (field << 3 | wire type),
 * so a field sent with an unexpected wire type is skipped like an unknown one.
 */
import type { AnyValue, KeyValue, ResourceGroup } from './model.js';
import { MAX_ANY_VALUE_DEPTH, tooDeepMessage } from './model.js';
import type { WireReader } from '../protobuf/reader.js';
import { WireError } from '../protobuf/reader.js';

/** Tag of a length-delimited field, the common case: (field << 3) | 2. */
export const len = (field: number): number => (field << 3) | 2;

/** AnyValue { string_value 1; bool_value 2; int_value 3; double_value 4; array_value 5; kvlist_value 6; bytes_value 7 } at nesting level `depth`. */
export function readAnyValue(r: WireReader, end: number, depth = 1): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new WireError(tooDeepMessage, r.pos);
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case len(1): value = r.string('AnyValue.string_value'); break;
      case (2 << 3): value = r.uint32() !== 0; break;
      case (3 << 3): value = r.int64Exact(); break;
      case (4 << 3) | 1: value = r.double(); break;
      case len(5): value = readArray(r, r.lengthEnd(), depth + 1); break;
      case len(6): value = { kvlist: readKeyValues(r, r.lengthEnd(), depth + 1) }; break;
      case len(7): value = r.bytes(); break;
      default: r.skip(tag & 7);
    }
  }
  r.endMessage(end, 'AnyValue');
  return value;
}

/** ArrayValue { repeated AnyValue values = 1 }, its values at level `depth`. */
function readArray(r: WireReader, end: number, depth: number): AnyValue[] {
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) values.push(readAnyValue(r, r.lengthEnd(), depth));
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'ArrayValue');
  return values;
}

/** KeyValueList { repeated KeyValue values = 1 }, its values at level `depth`. */
function readKeyValues(r: WireReader, end: number, depth: number): KeyValue[] {
  const pairs: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) pairs.push(readKeyValue(r, r.lengthEnd(), depth));
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'KeyValueList');
  return pairs;
}

/** KeyValue { string key = 1; AnyValue value = 2 }, its value at level `depth`. */
export function readKeyValue(r: WireReader, end: number, depth = 1): KeyValue {
  let key = '';
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) key = r.string('KeyValue.key');
    else if (tag === len(2)) value = readAnyValue(r, r.lengthEnd(), depth);
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'KeyValue');
  return { key, value };
}

/** Resource { repeated KeyValue attributes = 1 } */
function readResource(r: WireReader, end: number): KeyValue[] {
  const attributes: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) attributes.push(readKeyValue(r, r.lengthEnd()));
    else r.skip(tag & 7);
  }
  r.endMessage(end, 'Resource');
  return attributes;
}

type ItemReader<T> = (r: WireReader, end: number) => T;

/** ScopeX { InstrumentationScope scope = 1; repeated X items = 2 }: the scope is skipped. */
function readScope<T>(r: WireReader, end: number, items: T[], readItem: ItemReader<T>, what: string): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(2)) {
      const itemEnd = r.lengthEnd();
      items.push(readItem(r, itemEnd));
      r.endMessage(itemEnd, what);
    } else r.skip(tag & 7);
  }
  r.endMessage(end, `Scope of ${what}`);
}

/** ResourceX { Resource resource = 1; repeated ScopeX scopes = 2 } */
function readResourceGroup<T>(r: WireReader, end: number, readItem: ItemReader<T>, what: string): ResourceGroup<T> {
  const group: ResourceGroup<T> = { resource: [], items: [] };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === len(1)) group.resource = readResource(r, r.lengthEnd());
    else if (tag === len(2)) readScope(r, r.lengthEnd(), group.items, readItem, what);
    else r.skip(tag & 7);
  }
  r.endMessage(end, `Resource of ${what}`);
  return group;
}

/** Export*ServiceRequest { repeated ResourceX resource_x = 1 }; an error names the resource index. */
export function readExportRequest<T>(r: WireReader, readItem: ItemReader<T>, what: string): ResourceGroup<T>[] {
  const groups: ResourceGroup<T>[] = [];
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag === len(1)) groups.push(readResourceGroup(r, r.lengthEnd(), readItem, what));
    else r.skip(tag & 7);
  }
  return groups;
}

/** Repeated KeyValue attributes, appended in place. */
export function pushKeyValue(r: WireReader, into: KeyValue[]): void {
  into.push(readKeyValue(r, r.lengthEnd()));
}
