/**
 * Request validation with the routes' zod schemas. Errors become OPS_ERR_VALIDATION naming every
 * field (`body.alerts[0].startsAt: ...`). A schema may carry its own parser, for bodies that accept
 * several shapes and should be checked against the one they have.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { validationError } from './errors.js';

type Parser = (data: unknown) => z.ZodSafeParseResult<unknown>;

const parsers = new WeakMap<object, Parser>();

/** Validates `schema`'s requests with `parse` instead of the schema itself; the schema still documents the route. */
export function validateWith<T extends z.ZodType>(schema: T, parse: Parser): T {
  parsers.set(schema, parse);
  return schema;
}

const parts: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'headers' };

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const parse = parsers.get(schema) ?? ((data: unknown) => schema.safeParse(data));
  const prefix = parts[httpPart ?? 'body'] ?? 'request';
  return (data: unknown) => {
    const result = parse(data);
    if (result.success) return { value: result.data };
    return { error: validationError(prefix, result.error.issues) };
  };
};
