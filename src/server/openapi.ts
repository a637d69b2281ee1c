/**
 * The OpenAPI document (`GET /api/openapi.json`): each route described from its zod schemas, the
 * schemas named with `.meta({ id })` as shared components, and the errors a route answers by what it
 * takes (a token, input, a body) documented here, once, rather than on each route.
 */
import type { FastifyDynamicSwaggerOptions, SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorCatalogue, errorResponse } from '../http/errors.js';
import { accessOf } from './auth/access.js';

const version = '0.1.0';
const COMPONENT_REF = '#/components/schemas/';

/** The errors a route can answer by what it takes: a token (401, 403), a query, path or body (400), a body (413, 415). */
function sharedErrors(schema: FastifySchema, needsToken: boolean): Record<number, z.ZodType> {
  const errors: Record<number, z.ZodType> = {};
  if (needsToken) Object.assign(errors, { 401: errorResponse, 403: errorResponse });
  if (schema.querystring !== undefined || schema.params !== undefined || schema.body !== undefined) errors[400] = errorResponse;
  if (schema.body !== undefined) Object.assign(errors, { 413: errorResponse, 415: errorResponse });
  return errors;
}

/** What an error status means: the catalogue's codes with that status, and their summaries. */
function errorDescription(status: number): string | undefined {
  const codes = Object.entries(errorCatalogue).filter(([, entry]) => entry.status === status);
  return codes.length === 0 ? undefined : codes.map(([code, entry]) => `${code}: ${entry.summary}`).join(' ');
}

/** A route as the document shows it: its own responses, plus the shared errors it does not declare, each error described. */
const documentRoute: SwaggerTransform = ({ schema = {}, route, ...rest }) => {
  const needsToken = accessOf(route.config ?? {}) !== 'public';
  const documented = {
    ...schema,
    response: { ...sharedErrors(schema, needsToken), ...(schema.response as Record<number, unknown> | undefined) },
    // The document asks for a bearer token everywhere; routes without a token say so.
    ...(needsToken ? {} : { security: [] }),
  };
  const transformed = jsonSchemaTransform({ ...rest, route, schema: documented });
  const responses = (transformed.schema as { response?: Record<string, Record<string, unknown>> }).response ?? {};
  for (const [status, response] of Object.entries(responses)) {
    const description = errorDescription(Number(status));
    if (description !== undefined && response.description === undefined) response.description = description;
  }
  return transformed;
};

/** Documents a route under another path and path parameters: a wildcard route (`/x/*`) as the `{id}` it takes, which OpenAPI can express. */
export function documentedAs(url: string, params: z.ZodType): SwaggerTransform {
  return ({ schema, ...rest }) => documentRoute({ ...rest, url, schema: { ...schema, params } });
}

/** The components the document refers to, found by following every `$ref` from the paths. */
function referencedComponents(paths: unknown, schemas: Record<string, unknown>): Set<string> {
  const referenced = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const id = key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF) ? value.slice(COMPONENT_REF.length) : undefined;
      if (id === undefined) visit(value);
      else if (!referenced.has(id)) {
        referenced.add(id);
        visit(schemas[id]);
      }
    }
  };
  visit(paths);
  return referenced;
}

/** zod's registry yields every named schema in an input and an output form: the document keeps those a route uses. */
const documentComponents: SwaggerTransformObject = (document) => {
  const full = jsonSchemaTransformObject(document) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const schemas = full.components?.schemas ?? {};
  const used = referencedComponents(full.paths, schemas);
  return { ...full, components: { ...full.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id))) } } as ReturnType<SwaggerTransformObject>;
};

export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    info: { title: 'opsight API', version, description: 'AIOps: ingest alerts and telemetry, correlate them into incidents. Every time in a response is epoch milliseconds (UTC) in its field, and RFC 3339 in its twin `<field>Rfc3339`.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An opsight API token (`opsight token create`).' } } },
    security: [{ bearer: [] }],
  },
  transform: documentRoute,
  transformObject: documentComponents,
};
