/** Every ingest benchmark scenario, in the order they run. */
import type { HttpScenario } from './scenarios.js';
import { eventScenarios, otlpScenarios } from './scenarios.js';
import { remoteWriteScenario } from './remote-write-scenario.js';

/** `remoteWriteRequests` distinct remote-write bodies: enough that none is sent twice in a run. */
export function ingestScenarios(remoteWriteRequests: number): HttpScenario[] {
  return [remoteWriteScenario(remoteWriteRequests), ...otlpScenarios(), ...eventScenarios()];
}
