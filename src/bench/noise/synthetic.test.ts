import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../signals/index.js';
import { KINDS, type Kind } from './models.js';
import { FLEET_START, feedUnit, planFleet, type FleetOptions, type UnitPlan } from './synthetic.js';

const OPTIONS: FleetOptions = { seed: 7, units: 40, days: 2, warmupDays: 1 };

function samplesOf(plan: UnitPlan, withFault = false): Sample[] {
  const samples: Sample[] = [];
  feedUnit(plan, OPTIONS, withFault, (batch) => samples.push(...batch));
  return samples;
}

function firstOf(kind: Kind): UnitPlan {
  const plan = planFleet(OPTIONS).find((p) => p.kind === kind);
  assert.ok(plan, `a ${kind} unit`);
  return plan;
}

void describe('synthetic fleet', () => {
  void it('has every kind, the same for the same seed, with faults only after the warm-up', () => {
    const plans = planFleet(OPTIONS);
    assert.deepEqual(new Set(plans.map((p) => p.kind)), new Set(KINDS));
    assert.deepEqual(planFleet(OPTIONS), plans);
    assert.notDeepEqual(planFleet({ ...OPTIONS, seed: 8 }), plans);
    for (const plan of plans) {
      if (plan.kind === 'runtime') assert.equal(plan.fault, undefined);
      else assert.ok((plan.fault?.start ?? 0) >= FLEET_START + 86_400_000, `${plan.entityId} fault after warm-up`);
    }
  });

  void it('repeats exactly for the same seed, with each series in time order', () => {
    const plan = firstOf('histogram');
    const samples = samplesOf(plan);
    assert.deepEqual(samplesOf(plan), samples);
    const last = new Map<string, number>();
    for (const s of samples) {
      const key = `${s.metric}${JSON.stringify(s.labels)}`;
      assert.ok(s.time > (last.get(key) ?? -Infinity));
      last.set(key, s.time);
    }
  });

  void it('gives histogram buckets cumulative in le, ending at _count, and counters that only fall on a restart', () => {
    const samples = samplesOf(firstOf('histogram')).filter((s) => s.stale !== true);
    const byTime = new Map<number, Sample[]>();
    for (const s of samples) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s]);
    let resets = 0;
    let previous = 0;
    for (const scrape of byTime.values()) {
      const buckets = scrape.filter((s) => s.metric.endsWith('_bucket')).map((s) => s.value);
      assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b));
      const count = scrape.find((s) => s.metric.endsWith('_count'))?.value ?? NaN;
      assert.equal(buckets.at(-1), count);
      if (count < previous) resets++;
      previous = count;
    }
    assert.ok(resets <= 3, `${resets} resets in two days`);
  });

  void it('changes a unit only while its fault lasts', () => {
    const plan = firstOf('latency');
    const fault = plan.fault;
    assert.ok(fault);
    const benign = samplesOf(plan);
    const faulted = samplesOf(plan, true);
    const before = (samples: Sample[]) => samples.filter((s) => s.time < fault.start);
    assert.deepEqual(before(faulted), before(benign));
    const during = (samples: Sample[]) => samples.filter((s) => s.time >= fault.start && s.time < fault.end && s.stale !== true).map((s) => s.value);
    const ratio = during(faulted).reduce((a, b) => a + b, 0) / during(benign).reduce((a, b) => a + b, 0);
    assert.ok(ratio > 2, `latency x3 raised the sum by ${ratio.toFixed(2)}`);
  });
});
