/** Tests of the scenario generator: determinism, and that what it writes is a valid scenario of every kind. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EPISODE_KINDS, generateScenario, generateScenarios } from './generate.js';
import { firingAlertOf, parseScenario } from './scenario.js';

describe('generateScenarios', () => {
  it('writes the same bytes for the same seed, other bytes for another, and scenario i whatever the count', () => {
    const once = generateScenarios(3, 5);
    assert.deepEqual(generateScenarios(3, 5), once);
    assert.notEqual(generateScenarios(4, 1)[0]?.text, once[0]?.text);
    assert.deepEqual(generateScenario(3, 4), once[4]);
  });

  it('writes valid scenarios with a primary episode of each kind, spans, samples, deploys and both alert senders', () => {
    const scenarios = generateScenarios(11, EPISODE_KINDS.length);
    assert.deepEqual(scenarios.map((scenario) => scenario.file), EPISODE_KINDS.map((kind, index) => `00${index + 1}-${kind}.jsonl`));
    const steps = scenarios.flatMap((scenario) => parseScenario(scenario.text, scenario.file).steps);
    const events = steps.flatMap((step) => step.batch.events ?? []);
    assert.ok(steps.some((step) => step.batch.spans !== undefined));
    assert.ok(steps.some((step) => step.batch.samples !== undefined));
    assert.ok(events.some((event) => event.kind === 'change'));
    assert.deepEqual(new Set(events.filter((event) => event.kind === 'alert').map((event) => event.source)), new Set(['alertmanager', 'opsight-detect']));
    assert.ok(events.some((event) => event.entityId.startsWith('pod:')) && events.some((event) => event.entityId.startsWith('host:')));
  });

  it('gives the two faults of a concurrent episode different truths', () => {
    const { text, file } = generateScenario(11, EPISODE_KINDS.indexOf('concurrent'));
    const truths = new Set(parseScenario(text, file).steps.map((step) => step.truth).filter((truth) => truth?.startsWith('e0-')));
    assert.deepEqual(truths, new Set(['e0-concurrenta', 'e0-concurrentb']));
  });

  it('makes a fault many alerts and noise rare: true compression well above 0.95 over a seed', () => {
    const truths = generateScenarios(5, 10).flatMap((scenario) => {
      const firing = parseScenario(scenario.text, scenario.file).steps.filter((step) => step.truth !== undefined && firingAlertOf(step) !== undefined);
      return firing.map((step) => `${scenario.file}/${step.truth ?? ''}`);
    });
    assert.ok(1 - new Set(truths).size / truths.length > 0.95, `${new Set(truths).size} incidents of ${truths.length} alerts`);
  });
});
