import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_TIME_MS } from '../signals/index.js';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from '../runtime/testing.js';
import { startTestApp } from '../runtime/testing.js';

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string; format?: string; description?: string }>; required?: string[] }> };
}

const COMPONENT_REF = '#/components/schemas/';

/** Every `$ref` under `node`. */
function refsIn(node: unknown, found: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return found;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') found.push(value);
    else refsIn(value, found);
  }
  return found;
}

/** Every JSON schema node under `node` that has `key`, with where it is. */
function nodesWith(node: unknown, key: string, where = ''): [string, unknown][] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([name, value]) => [
    ...(name === key ? [[where, value] as [string, unknown]] : []),
    ...nodesWith(value, key, `${where}/${name}`),
  ]);
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  let operations: [string, Operation][];
  before(async () => {
    t = await startTestApp(storeTargets[0]!);
    const response = await t.app.inject({ url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    document = response.json<Document>();
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]));
  });
  after(async () => { await t.close(); });

  it('names the shared schemas as components, and every component is referred to and every reference resolves', () => {
    const components = Object.keys(document.components.schemas);
    for (const name of ['Error', 'Alert', 'AlertPage', 'Incident', 'IncidentPage', 'IncidentDetail', 'TimelineEntry', 'Anomaly', 'AnomalyPage', 'Entity', 'EntityPage', 'Token', 'CreatedToken']) {
      assert.ok(components.includes(name), `no component ${name} in ${components.join(', ')}`);
    }
    const refs = refsIn(document);
    for (const ref of refs) assert.ok(ref.startsWith(COMPONENT_REF) && components.includes(ref.slice(COMPONENT_REF.length)), `${ref} does not resolve`);
    for (const name of components) assert.ok(refs.includes(`${COMPONENT_REF}${name}`), `component ${name} is never referred to`);
    const alerts = document.paths['/api/v1/alerts']?.get?.responses['200']?.content?.['application/json']?.schema;
    assert.deepEqual(alerts, { $ref: `${COMPONENT_REF}AlertPage` });
  });

  it('lists health, readiness, metrics and the signed notification links as the routes that need no token', () => {
    const open = operations.filter(([, operation]) => operation.security?.length === 0).map(([name]) => name);
    assert.deepEqual(open.sort(), ['GET /api/v1/notify/ack', 'GET /api/v1/stream', 'GET /healthz', 'GET /metrics', 'GET /readyz', 'POST /api/v1/notify/ack']);
    assert.ok(document.paths['/metrics']?.get?.responses['200']?.content?.['text/plain'], 'the metrics are not described as text');
  });

  it('documents 401 and 403, with the error body, on every route that needs a token (or a stream ticket)', () => {
    for (const [name, operation] of operations) {
      const needsToken = operation.security?.length !== 0 || name === 'GET /api/v1/stream';
      for (const status of ['401', '403']) {
        const response = operation.responses[status];
        assert.equal(response !== undefined, needsToken, `${name}: ${status} ${needsToken ? 'missing' : 'on a public route'}`);
        if (response !== undefined) assert.match(JSON.stringify(response.content), /#\/components\/schemas\/(Error|OtlpStatus)"/, `${name} ${status}`);
      }
    }
  });

  it('documents 429 on the routes that refuse when the pipeline is behind, and 415 on every route that reads a body', () => {
    for (const path of ['/api/v1/events', '/api/v1/ingest/alertmanager', '/api/v1/ingest/grafana', '/v1/traces', '/v1/metrics', '/v1/logs']) {
      assert.ok(document.paths[path]?.post?.responses['429'], `${path}: no 429`);
    }
    for (const [name, operation] of operations.filter(([name]) => name.startsWith('POST'))) assert.ok(operation.responses['415'], `${name}: no 415`);
  });

  it('describes every parameter', () => {
    const parameters = operations.flatMap(([name, operation]) => (operation.parameters ?? []).map((parameter) => [name, parameter] as const));
    assert.ok(parameters.length >= 20, `only ${parameters.length} parameters`);
    for (const [name, parameter] of parameters) assert.ok((parameter.description ?? '').length > 0, `${name}: ${parameter.in} parameter ${parameter.name} has no description`);
    assert.ok(document.paths['/api/v1/entities/{id}'], 'the entity route is not documented by its id');
  });

  it('documents every time in a response as epoch milliseconds with an RFC 3339 twin, sent always when its time is', () => {
    const epochMs = nodesWith(document, 'minimum').filter(([, minimum]) => minimum === MIN_TIME_MS).map(([where]) => where);
    assert.ok(epochMs.length >= 20, `only ${epochMs.length} times`);
    for (const where of epochMs) {
      const [component, time] = /^\/components\/schemas\/(\w+)\/properties\/(\w+)$/.exec(where)?.slice(1) ?? [];
      assert.ok(component !== undefined && time !== undefined, `a time outside a component: ${where}`);
      const schema = document.components.schemas[component];
      const [field, twin] = [schema?.properties?.[time], schema?.properties?.[`${time}Rfc3339`]];
      assert.match(field?.description ?? '', /epoch milliseconds/i, `${component}.${time}`);
      assert.equal(twin?.format, 'date-time', `${component}.${time}Rfc3339`);
      assert.equal(schema?.required?.includes(`${time}Rfc3339`), schema?.required?.includes(time), `${component}.${time}Rfc3339: required as its time is`);
    }
    const alert = document.components.schemas.Alert;
    for (const field of ['firstSeen', 'lastSeen', 'activeSince', 'resolvedAt']) assert.ok(alert?.required?.includes(`${field}Rfc3339`), field);
    assert.ok(!document.components.schemas.Anomaly?.required?.includes('sinceRfc3339'), 'an optional time has an optional twin');
  });
});
