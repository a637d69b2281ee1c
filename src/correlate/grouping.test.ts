import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Incident } from '../signals/index.js';
import { groupAlert, resolveIfQuiet } from './grouping.js';
import { routesFrom, type Relatives } from './evidence.js';
import { GroupingRuleError, compileRules, ruleGroupOf } from './rules.js';
import { EventClock } from './clock.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const config = { windowMs: 10 * MIN, resolveAfterMs: 0, reopenWindowMs: 0 };

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'fp-a', status: 'firing', severity: 'warning', entityId: 'service:api', source: 'alertmanager', title: 'HighLatency',
    labels: {}, annotations: {}, firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, ...overrides,
  };
}

/** The routes from `entityId` when the topology knows only its `relatives`. */
const around = (entityId: string, relatives: Relatives) => routesFrom([entityId], (id) => (id === entityId ? relatives : []));

describe('groupAlert', () => {
  it('opens an incident for the first alert of an entity', () => {
    const result = groupAlert(alert(), 'firing', undefined, [], config);
    assert.equal(result.incident?.status, 'open');
    assert.equal(result.incident?.alertCount, 1);
    assert.equal(result.alert.incidentId, result.incident?.id);
    assert.deepEqual(result.timeline.map((e) => e.kind), ['alert-firing']);
  });

  it('adds a second alert of the same entity within the window to the same incident', () => {
    const first = groupAlert(alert(), 'firing', undefined, [], config).incident!;
    const second = groupAlert(alert({ fingerprint: 'fp-b', severity: 'critical', activeSince: T0 + 5 * MIN }), 'firing', undefined, [first], config);
    assert.equal(second.incident?.id, first.id);
    assert.equal(second.incident?.alertCount, 2);
    assert.equal(second.incident?.firingCount, 2);
    assert.equal(second.incident?.severity, 'critical');
  });

  it('opens a new incident for another entity or after the window', () => {
    const first = groupAlert(alert(), 'firing', undefined, [], config).incident!;
    assert.notEqual(groupAlert(alert({ fingerprint: 'fp-b', entityId: 'host:db' }), 'firing', undefined, [first], config).incident?.id, first.id);
    assert.notEqual(groupAlert(alert({ fingerprint: 'fp-c', activeSince: T0 + 11 * MIN }), 'firing', undefined, [first], config).incident?.id, first.id);
  });

  it('joins an alert through its entity only while the incident is active there', () => {
    const lasting = { ...config, windowMs: 30 * MIN, relatedWindowMs: 5 * MIN };
    const first = groupAlert(alert(), 'firing', undefined, [], lasting).incident!;
    const db = alert({ fingerprint: 'fp-db', entityId: 'pod:default/db-0', labels: { service: 'api' } });
    const incident = groupAlert(db, 'firing', undefined, [first], lasting, routesFrom(['pod:default/db-0', 'service:api'], () => [])).incident!;
    assert.equal(incident.id, first.id);
    const whileFiring = groupAlert(alert({ fingerprint: 'fp-b', activeSince: T0 + 20 * MIN }), 'firing', undefined, [incident], lasting);
    assert.equal(whileFiring.incident?.id, first.id, 'an alert of the entity still fires there');
    const ended = groupAlert(alert({ status: 'resolved', resolvedAt: T0 + 2 * MIN, incidentId: first.id }), 'resolved', incident, [], lasting).incident!;
    assert.equal(ended.status, 'open', 'the pod still fires');
    const soon = groupAlert(alert({ fingerprint: 'fp-c', activeSince: T0 + 6 * MIN }), 'firing', undefined, [ended], lasting);
    assert.equal(soon.incident?.id, first.id, 'within the related window of its last alert there');
    const later = groupAlert(alert({ fingerprint: 'fp-d', activeSince: T0 + 8 * MIN }), 'firing', undefined, [ended], lasting);
    assert.notEqual(later.incident?.id, first.id, 'the entity had been healthy for 6 minutes: a new problem');
    const refire = groupAlert(alert({ activeSince: T0 + 8 * MIN, incidentId: first.id }), 'firing', ended, [ended], lasting);
    assert.notEqual(refire.incident?.id, first.id, 'nor does its own alert rejoin it');
  });

  it('keeps joining an incident from before entity activity was kept by its entities, whatever its alerts do', () => {
    const lasting = { ...config, windowMs: 30 * MIN, relatedWindowMs: 5 * MIN };
    const older: Incident = { ...groupAlert(alert(), 'firing', undefined, [], lasting).incident! };
    delete older.entityActivity;
    const resolved = groupAlert(alert({ fingerprint: 'fp-db', entityId: 'service:db', status: 'resolved', resolvedAt: T0 + MIN }), 'resolved', older, [], lasting).incident!;
    assert.equal(resolved.entityActivity, undefined);
    const later = groupAlert(alert({ fingerprint: 'fp-b', activeSince: T0 + 20 * MIN }), 'firing', undefined, [{ ...resolved, status: 'open' }], lasting);
    assert.equal(later.incident?.id, older.id);
  });

  it('resolves the incident when its last firing alert resolves', () => {
    const opened = groupAlert(alert(), 'firing', undefined, [], config);
    const joined = groupAlert(alert({ fingerprint: 'fp-b' }), 'firing', undefined, [opened.incident!], config);
    const one = groupAlert(alert({ status: 'resolved', resolvedAt: T0 + MIN, incidentId: opened.incident!.id }), 'resolved', joined.incident, [], config);
    assert.equal(one.incident?.status, 'open');
    const both = groupAlert(alert({ fingerprint: 'fp-b', status: 'resolved', resolvedAt: T0 + 2 * MIN }), 'resolved', one.incident, [], config);
    assert.equal(both.incident?.status, 'resolved');
    assert.equal(both.incident?.resolvedAt, T0 + 2 * MIN);
    assert.deepEqual(both.timeline.map((e) => e.kind), ['alert-resolved', 'status']);
  });

  it('gives the same incident id for the same alert episode (replays reproduce incidents)', () => {
    assert.equal(groupAlert(alert(), 'firing', undefined, [], config).incident?.id, groupAlert(alert(), 'firing', undefined, [], config).incident?.id);
  });

  it('changes nothing for a stale report', () => {
    assert.equal(groupAlert(alert(), 'stale', undefined, [], config).incident, undefined);
  });
});

describe('groupAlert across the topology', () => {
  const checkout = () => groupAlert(alert({ fingerprint: 'fp-checkout', entityId: 'service:checkout' }), 'firing', undefined, [], config);

  it('joins an alert to an open incident of an entity one edge away, and says why', () => {
    const first = checkout();
    assert.deepEqual(first.alert.correlation, { reason: 'opened the incident', score: 1, relatedTo: null });
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const slow = alert({ fingerprint: 'fp-shipping', entityId: 'service:shipping', activeSince: T0 + 40_000 });
    const joined = groupAlert(slow, 'firing', undefined, [first.incident!], config, around('service:shipping', relatives));
    assert.equal(joined.incident?.id, first.incident?.id);
    assert.deepEqual(joined.incident?.entities, ['service:checkout', 'service:shipping']);
    const reason = 'callee of service:checkout, latency here and latency or errors there, 40 s after its last alert';
    assert.deepEqual(joined.alert.correlation, { reason, score: 0.8, relatedTo: 'service:checkout' });
  });

  it('prefers an incident of the alert\'s own entity, and keeps faults in parts of the graph that do not touch apart', () => {
    const first = checkout();
    const own = groupAlert(alert({ fingerprint: 'fp-own', entityId: 'service:shipping' }), 'firing', undefined, [], config).incident!;
    const again = groupAlert(alert({ fingerprint: 'fp-again', entityId: 'service:shipping', activeSince: T0 + MIN }), 'firing', undefined, [first.incident!, own], config,
      around('service:shipping', [{ entityId: 'service:checkout', relation: 'callee of' }]));
    assert.equal(again.incident?.id, own.id);
    assert.deepEqual(again.alert.correlation, { reason: 'same entity: service:shipping', score: 1, relatedTo: 'service:shipping' });
    const elsewhere = groupAlert(alert({ fingerprint: 'fp-ledger', entityId: 'service:ledger' }), 'firing', undefined, [first.incident!], config, around('service:ledger', [{ entityId: 'service:audit', relation: 'caller of' }]));
    assert.notEqual(elsewhere.incident?.id, first.incident?.id);
  });

  it('titles an incident of several alerts by where it started and what is wrong, not by its first alert', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-1', entityId: 'service:checkout', title: 'Latency anomaly on service:checkout', labels: { problem: 'latency' } }), 'firing', undefined, [], config);
    assert.equal(first.incident?.title, 'Latency anomaly on service:checkout', 'the entity is not named twice');
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const second = groupAlert(alert({ fingerprint: 'fp-2', entityId: 'service:payment', labels: { alertname: 'LogErrorBurst' } }), 'firing', undefined, [first.incident], config, around('service:payment', relatives));
    const third = groupAlert(alert({ fingerprint: 'fp-3', entityId: 'service:payment', labels: { problem: 'errors' } }), 'firing', undefined, [second.incident!], config);
    assert.equal(third.incident?.title, 'checkout: latency and log errors and errors, 3 alerts on 2 entities');
    assert.deepEqual(third.incident?.problems, ['latency', 'log errors', 'errors']);
  });

  it('joins an incident of a relative only while it is young (relatedWindowMs after it started)', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-1', entityId: 'service:checkout' }), 'firing', undefined, [], config).incident!;
    const relatives = [{ entityId: 'service:checkout', relation: 'callee of' }];
    const tight = { ...config, relatedWindowMs: 5 * MIN };
    const soon = groupAlert(alert({ fingerprint: 'fp-2', entityId: 'service:payment', activeSince: T0 + 4 * MIN }), 'firing', undefined, [first], tight, around('service:payment', relatives));
    const late = groupAlert(alert({ fingerprint: 'fp-3', entityId: 'service:payment', activeSince: T0 + 6 * MIN }), 'firing', undefined, [first], tight, around('service:payment', relatives));
    assert.equal(soon.incident?.id, first.id);
    assert.notEqual(late.incident?.id, first.id);
  });
});


describe('the incident life cycle', () => {
  const lifecycle = { ...config, resolveAfterMs: 5 * MIN, reopenWindowMs: 60 * MIN };
  const openedIncident = () => groupAlert(alert(), 'firing', undefined, [], lifecycle);
  const resolvedAt = (at: number, incident: ReturnType<typeof openedIncident>['incident']) =>
    groupAlert(alert({ status: 'resolved', resolvedAt: at, incidentId: incident!.id }), 'resolved', incident, [], lifecycle);

  it('stays active through the quiet period after its last alert resolves, and resolves at its end, whenever that is noticed', () => {
    const quiet = resolvedAt(T0 + MIN, openedIncident().incident);
    assert.equal(quiet.incident?.status, 'open');
    assert.equal(quiet.incident?.quietSince, T0 + MIN);
    assert.equal(quiet.change, 'alert-resolved');
    assert.equal(resolveIfQuiet(quiet.incident, T0 + 6 * MIN - 1, lifecycle), undefined);
    const late = resolveIfQuiet(quiet.incident, T0 + 60 * MIN, lifecycle);
    assert.equal(late?.incident.status, 'resolved');
    assert.equal(late?.incident.resolvedAt, T0 + 6 * MIN, 'resolved at the end of the quiet period, not when noticed');
  });

  it('is no longer quiet when one of its alerts fires again within the quiet period', () => {
    const quiet = resolvedAt(T0 + MIN, openedIncident().incident);
    const again = groupAlert(alert({ activeSince: T0 + 3 * MIN, incidentId: quiet.incident!.id }), 'firing', quiet.incident, [], lifecycle);
    assert.equal(again.incident?.id, quiet.incident?.id);
    assert.equal(again.incident?.quietSince, null);
    assert.equal(resolveIfQuiet(again.incident, T0 + 60 * MIN, lifecycle), undefined);
  });

  it('reopens when one of its alerts fires within the reopen window after it resolved, and opens a new incident after it', () => {
    const quiet = resolvedAt(T0 + MIN, openedIncident().incident);
    const resolved = resolveIfQuiet(quiet.incident!, T0 + 6 * MIN, lifecycle)!.incident;
    const within = groupAlert(alert({ activeSince: T0 + 66 * MIN, incidentId: resolved.id }), 'firing', resolved, [], lifecycle);
    assert.equal(within.incident?.id, resolved.id);
    assert.equal(within.incident?.status, 'reopened');
    assert.equal(within.incident?.resolvedAt, null);
    assert.equal(within.change, 'reopened');
    const after = groupAlert(alert({ activeSince: T0 + 67 * MIN, incidentId: resolved.id }), 'firing', resolved, [], lifecycle);
    assert.notEqual(after.incident?.id, resolved.id);
    assert.equal(after.change, 'opened');
  });

  it('resolves with its last alert when the quiet period is 0', () => {
    const resolved = groupAlert(alert({ status: 'resolved', resolvedAt: T0 + MIN }), 'resolved', openedIncident().incident, [], { ...lifecycle, resolveAfterMs: 0 });
    assert.equal(resolved.incident?.status, 'resolved');
    assert.equal(resolved.change, 'resolved');
  });
});

describe('grouping with rules and responders\' corrections', () => {
  const payments = (fingerprint: string, entityId: string, at: number) =>
    alert({ fingerprint, entityId, activeSince: at, labels: { alertname: `Db${fingerprint}`, cluster: 'eu-1' } });

  it('joins the incident of an alert of a kind responders merged with its own, on an unrelated entity', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-x', entityId: 'service:api', labels: { alertname: 'X' } }), 'firing', undefined, [], config).incident!;
    assert.deepEqual(first.kinds, ['service:api/X']);
    const y = alert({ fingerprint: 'fp-y', entityId: 'host:db-9', labels: { alertname: 'Y' }, activeSince: T0 + MIN });
    assert.notEqual(groupAlert(y, 'firing', undefined, [first], config).incident?.id, first.id, 'apart without a verdict');
    const joined = groupAlert(y, 'firing', undefined, [first], config, [], { verdicts: new Map([['service:api/X', 'merged']]) });
    assert.equal(joined.incident?.id, first.id);
    assert.deepEqual(joined.alert.correlation, { reason: 'merged by responders before', score: 0.9, relatedTo: 'service:api' });
  });

  it('keeps kinds responders split apart from joining each other by relation or entity', () => {
    const first = groupAlert(alert({ fingerprint: 'fp-x', entityId: 'service:checkout', labels: { alertname: 'X', problem: 'latency' } }), 'firing', undefined, [], config).incident!;
    const y = alert({ fingerprint: 'fp-y', entityId: 'service:shipping', labels: { alertname: 'Y', problem: 'latency' }, activeSince: T0 + MIN });
    const relatives = around('service:shipping', [{ entityId: 'service:checkout', relation: 'callee of' }]);
    assert.equal(groupAlert(y, 'firing', undefined, [first], config, relatives).incident?.id, first.id, 'joined by relation without a verdict');
    const split = { verdicts: new Map([['service:checkout/X', 'split' as const]]) };
    assert.notEqual(groupAlert(y, 'firing', undefined, [first], config, relatives, split).incident?.id, first.id);
    const sameEntity = alert({ fingerprint: 'fp-z', entityId: 'service:checkout', labels: { alertname: 'Y' }, activeSince: T0 + MIN });
    assert.notEqual(groupAlert(sameEntity, 'firing', undefined, [first], config, [], split).incident?.id, first.id);
  });

  it('groups the alerts of a rule by its labels within the rule\'s window, before the learned grouping', () => {
    const rules = compileRules([{ name: 'payments-db', match: 'labels.cluster == "eu-1"', groupBy: ['cluster'], windowMs: 60 * MIN }]);
    const first = payments('a', 'host:db-1', T0);
    const opened = groupAlert(first, 'firing', undefined, [], config, [], { ruleGroup: ruleGroupOf(first, rules) }).incident!;
    assert.deepEqual(opened.ruleGroups, ['payments-db: cluster=eu-1']);
    const second = payments('b', 'host:db-2', T0 + 40 * MIN);
    const joined = groupAlert(second, 'firing', undefined, [opened], config, [], { ruleGroup: ruleGroupOf(second, rules) });
    assert.equal(joined.incident?.id, opened.id, 'past correlate.window, within the rule\'s');
    assert.deepEqual(joined.alert.correlation, { reason: 'rule payments-db: same cluster=eu-1', score: 1, relatedTo: null });
  });
});

describe('grouping rules', () => {
  const rule = { name: 'payments-db', match: 'labels.service == "payments" && severity == "critical"', groupBy: ['cluster'], windowMs: MIN };

  it('matches alerts by CEL over their labels, severity, source, entity and title; an alert lacking a label read or grouped by does not match', () => {
    const [compiled] = compileRules([rule, { name: 'by-entity', match: 'entity.startsWith("host:") && source == "alertmanager" && title != ""', groupBy: [], windowMs: MIN }]);
    const hit = alert({ severity: 'critical', labels: { service: 'payments', cluster: 'eu-1' } });
    assert.equal(ruleGroupOf(hit, [compiled!])?.key, 'payments-db: cluster=eu-1');
    assert.equal(ruleGroupOf({ ...hit, severity: 'warning' }, [compiled!]), undefined);
    assert.equal(ruleGroupOf({ ...hit, labels: { service: 'payments' } }, [compiled!]), undefined, 'no cluster to group by');
    assert.equal(ruleGroupOf({ ...hit, labels: { cluster: 'eu-1' } }, [compiled!]), undefined, 'no service to read');
    assert.equal(ruleGroupOf(alert({ entityId: 'host:db-1' }), compileRules([{ name: 'hosts', match: 'entity.startsWith("host:")', groupBy: [], windowMs: MIN }]))?.reason, 'rule hosts');
  });

  it('refuses a rule that does not parse, reads an unknown name, or is not a bool, naming the rule', () => {
    for (const match of ['labels.cluster ==', 'cluster == "eu-1"', 'labels.cluster']) {
      assert.throws(() => compileRules([{ ...rule, match }]), (error: Error) => error instanceof GroupingRuleError && error.message.startsWith('correlate.rules: rule payments-db does not compile: '), match);
    }
  });
});

describe('EventClock', () => {
  it('runs on event time while events arrive, and on from the latest one by the wall clock when they stop', () => {
    const clock = new EventClock();
    assert.equal(clock.now(1000), 1000, 'the wall clock before any event');
    clock.observe(T0, 1000);
    clock.observe(T0 + 10 * MIN, 1001);
    clock.observe(T0 + 5 * MIN, 1002);
    assert.equal(clock.now(1002), T0 + 10 * MIN + 1, 'an older event does not move it back');
    assert.equal(clock.now(1001 + 5 * MIN), T0 + 15 * MIN);
  });
});

describe('grouping on later evidence', () => {
  const related = (entityId: string): Relatives => ({
    'service:checkout': [{ entityId: 'service:payments', relation: 'caller of' }, { entityId: 'pod:shop/checkout-1', relation: 'holding' }],
    'service:payments': [{ entityId: 'service:checkout', relation: 'callee of' }],
    'pod:shop/checkout-1': [{ entityId: 'service:checkout', relation: 'part of' }],
  })[entityId] ?? [];
  const at = (entityId: string, alertname: string, minutes: number) =>
    alert({ fingerprint: `fp-${entityId}-${alertname}`, entityId, title: alertname, labels: { alertname }, activeSince: T0 + minutes * MIN });
  const place = (what: Alert, open: Parameters<typeof groupAlert>[3]) => groupAlert(what, 'firing', undefined, open, config, routesFrom([what.entityId], related));

  it('merges the younger of two incidents an alert links firmly into the older, and says why', () => {
    const crash = place(at('pod:shop/checkout-1', 'KubePodCrashLooping', 0), []).incident!;
    const slow = place(at('service:payments', 'HighLatencyP95', 1), [crash]).incident!;
    assert.notEqual(slow.id, crash.id, 'a crash-looping pod says nothing of its service\'s callees');
    const errors = place(at('service:checkout', 'HighErrorRate', 2), [crash, slow]);
    assert.equal(errors.incident?.id, crash.id);
    assert.deepEqual(errors.absorbed?.incidents.map((incident) => incident.id), [slow.id]);
    assert.match(errors.absorbed?.because ?? '', /^HighErrorRate on service:checkout links it to this one \(holding pod:shop\/checkout-1/);
  });

  it('merges no incident into one that began longer ago than a fault spreads', () => {
    const long = { ...config, windowMs: 60 * MIN, relatedWindowMs: 5 * MIN };
    const placeLong = (what: Alert, open: Parameters<typeof groupAlert>[3]) => groupAlert(what, 'firing', undefined, open, long, routesFrom([what.entityId], related));
    const crashing = placeLong(at('pod:shop/checkout-1', 'KubePodCrashLooping', 0), []).incident!;
    const crash = { ...crashing, lastActivityAt: T0 + 30 * MIN };
    const slow = placeLong(at('service:payments', 'HighLatencyP95', 31), [crash]).incident!;
    assert.notEqual(slow.id, crash.id);
    const errors = placeLong(at('service:checkout', 'HighErrorRate', 32), [crash, slow]);
    assert.equal(errors.incident?.id, crash.id, 'the strongest link still takes the alert');
    assert.equal(errors.absorbed, undefined);
  });

  it('keeps two incidents apart that an alert links only to one of them', () => {
    const leak = place(at('service:payments', 'HighMemoryUsage', 0), []).incident!;
    const errors = place(at('service:checkout', 'HighErrorRate', 1), [leak]);
    assert.notEqual(errors.incident?.id, leak.id);
    assert.equal(errors.absorbed, undefined);
  });

  it('joins a refire of a resolved incident\'s alert to an active incident it links to, rather than reopening the old one', () => {
    const reopening = { ...config, reopenWindowMs: 60 * MIN };
    const old = groupAlert(at('service:payments', 'HighLatencyP95', 0), 'firing', undefined, [], reopening).incident!;
    const resolved = { ...old, status: 'resolved' as const, resolvedAt: T0 + 20 * MIN };
    const fresh = groupAlert(at('service:checkout', 'HighErrorRate', 40), 'firing', undefined, [], reopening).incident!;
    const refire = { ...at('service:payments', 'HighLatencyP95', 41), incidentId: old.id };
    assert.equal(groupAlert(refire, 'firing', resolved, [fresh], reopening, routesFrom(['service:payments'], related)).incident?.id, fresh.id);
    assert.equal(groupAlert(refire, 'firing', resolved, [], reopening, routesFrom(['service:payments'], related)).incident?.status, 'reopened');
  });
});

describe('grouping alike alerts', () => {
  const similarity = { templateWeight: 0.75, titleWeight: 0.3, titleThreshold: 0.75 };
  const alike = { ...config, relatedWindowMs: 5 * MIN, similarity };
  const TEMPLATE = 'SQLTransientConnectionException: pool <*> connection is not available';
  const logged = (fingerprint: string, entityId: string, at: number) =>
    alert({ fingerprint, entityId, source: 'opsight-detect', title: `New error log line on ${entityId}: ${TEMPLATE}`, activeSince: at, labels: { alertname: 'NewErrorLogTemplate', detector: 'log.new-error-template', subject: TEMPLATE } });

  it('joins an alert carrying the same log template as an incident on a service the topology does not relate, within the window', () => {
    const orders = groupAlert(logged('fp-orders', 'service:orders', T0), 'firing', undefined, [], alike);
    assert.deepEqual(orders.incident?.templates, [`service:orders ${TEMPLATE}`]);
    const worker = groupAlert(logged('fp-worker', 'service:billing-worker', T0 + MIN), 'firing', undefined, [orders.incident], alike);
    assert.equal(worker.incident?.id, orders.incident?.id);
    assert.deepEqual(worker.alert.correlation, {
      reason: `same log template as an alert on service:orders: ${JSON.stringify(TEMPLATE)}; similar title to an alert on service:orders`, score: 0.83, relatedTo: 'service:orders',
    });
    const late = groupAlert(logged('fp-late', 'service:billing-worker', T0 + 7 * MIN), 'firing', undefined, [orders.incident], alike);
    assert.notEqual(late.incident?.id, orders.incident?.id);
    const off = groupAlert(logged('fp-worker', 'service:billing-worker', T0 + MIN), 'firing', undefined, [orders.incident], config);
    assert.notEqual(off.incident?.id, orders.incident?.id);
  });

  it('merges the incident an alert opened on its own service into the older one holding its log template', () => {
    const orders = groupAlert(logged('fp-orders', 'service:orders', T0), 'firing', undefined, [], alike).incident!;
    const own = groupAlert(alert({ fingerprint: 'fp-errors', entityId: 'service:billing-worker', title: 'HighErrorRate', activeSince: T0 + 30_000 }), 'firing', undefined, [orders], alike).incident!;
    assert.notEqual(own.id, orders.id);
    const worker = groupAlert(logged('fp-worker', 'service:billing-worker', T0 + MIN), 'firing', undefined, [orders, own], alike);
    assert.equal(worker.incident?.id, orders.id);
    assert.deepEqual(worker.absorbed?.incidents.map((incident) => incident.id), [own.id]);
  });

  it('keeps similar titles on two far-apart services at the same time apart when nothing else links them', () => {
    const cart = groupAlert(alert({ fingerprint: 'fp-cart', entityId: 'service:cart', title: 'HighLatencyP95' }), 'firing', undefined, [], alike).incident!;
    assert.deepEqual(cart.titles, ['service:cart high latency']);
    const ledger = groupAlert(alert({ fingerprint: 'fp-ledger', entityId: 'service:ledger', title: 'HighLatencyP99', activeSince: T0 + 10_000 }), 'firing', undefined, [cart], alike);
    assert.notEqual(ledger.incident?.id, cart.id);
    assert.deepEqual(ledger.alert.correlation, { reason: 'opened the incident', score: 1, relatedTo: null });
  });

  it('prefers, of two incidents an alert links alike, the one whose alerts have a title like its own', () => {
    const relatives = [{ entityId: 'host:node-1', relation: 'runs on' }];
    const pod = (fingerprint: string, entityId: string, title: string, at: number) => alert({ fingerprint, entityId, title, activeSince: at, labels: { problem: 'saturation' } });
    const memory = groupAlert(pod('fp-a', 'host:node-1', 'MemoryPressure', T0), 'firing', undefined, [], alike).incident!;
    const disk = groupAlert(pod('fp-b', 'host:node-1', 'DiskPressure', T0 - 1000), 'firing', undefined, [], alike).incident!;
    const bothSaturated = { ...disk, entities: ['host:node-1'], signs: ['host:node-1 saturation'] };
    const leaking = pod('fp-c', 'pod:shop/cart-1', 'MemoryPressure', T0 + MIN);
    const chosen = groupAlert(leaking, 'firing', undefined, [bothSaturated, { ...memory, signs: ['host:node-1 saturation'] }], alike, around('pod:shop/cart-1', relatives));
    assert.equal(chosen.incident?.id, memory.id);
    assert.match(chosen.alert.correlation?.reason ?? '', /similar title to an alert on host:node-1$/);
  });
});
