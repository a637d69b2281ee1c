/** Every ingest benchmark scenario, in the order they run. */
import type { HttpScenario } from './scenarios.js';
import { eventScenarios } from './scenarios.js';

export function ingestScenarios(): HttpScenario[] {
  return [...eventScenarios()];
}
