/** Every ingest benchmark scenario, in the order they run. */
import type { HttpScenario } from './scenarios.js';
import { eventScenarios, otlpScenarios } from './scenarios.js';

export function ingestScenarios(): HttpScenario[] {
  return [...otlpScenarios(), ...eventScenarios()];
}
