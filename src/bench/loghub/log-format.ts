/** Loghub's header layouts (formats.json, e.g. `<Date> <Time> <Level>: <Content>`) compiled to a line parser, as Loghub's own loaders do. */

export interface LogFormat {
  /** Header field names in order, ending with Content. */
  fields: string[];
  /** The fields of a line, or undefined when it does not fit the layout. */
  parse(line: string): Record<string, string> | undefined;
}

/**
 * Compiles a layout: `<Name>` becomes a lazy group and the text between is a regular expression in which runs
 * of spaces match any whitespace (formats.json escapes its literal brackets, as Loghub's loaders expect).
 */
export function compileLogFormat(layout: string): LogFormat {
  const fields: string[] = [];
  const parts = layout.split(/(<[^<>]+>)/);
  const source = parts
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/ +/g, '\\s+');
      const name = part.slice(1, -1);
      fields.push(name);
      return `(?<f${fields.length - 1}>.*?)`;
    })
    .join('');
  if (!fields.includes('Content')) throw new Error(`log format has no <Content>: ${layout}`);
  const regex = new RegExp(`^${source}$`);
  return {
    fields,
    parse(line) {
      const groups = regex.exec(line.trim())?.groups;
      if (groups === undefined) return undefined;
      return Object.fromEntries(fields.map((name, i) => [name, groups[`f${i}`] ?? '']));
    },
  };
}
