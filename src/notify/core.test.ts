import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../config/schema.js';
import type { Incident } from '../signals/index.js';
import { notifyConfigSchema } from './config.js';
import { dueSteps, startEscalation } from './escalation.js';
import { HostRefused, checkedAddress, forbiddenAddress } from './host-guard.js';
import { signLink, verifyLink } from './link-token.js';
import { planChange, newTarget } from './plan.js';
import { retryDelay } from './retry.js';
import { incidentLabelSets, routeIncident } from './route.js';
import { onCallAt } from './schedule.js';

const T = Date.UTC(2026, 4, 1, 8);
const MIN = 60_000;
const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: 'inc_1', status: 'open', severity: 'critical', title: 'Latency on checkout', entities: ['service:checkout', 'service:payments'],
  startedAt: T, lastActivityAt: T, resolvedAt: null, alertCount: 1, firingCount: 1, rootCauses: [], ...overrides,
});

const problems = (input: unknown) => {
  const parsed = configSchema.safeParse({ notify: input });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('notify config', () => {
  const hook = { name: 'hook', webhook: { url: 'https://hooks.example.com/x' } };
  it('stops on an unknown receiver, a bad matcher, a step without a target and an address that is not one, naming the key', () => {
    assert.deepEqual(problems({ receivers: [hook], route: { receiver: 'hook', routes: [{ receiver: 'nobody' }] } }), ['notify.route.routes.0.receiver: no receiver named "nobody"']);
    assert.match(problems({ receivers: [hook], route: { receiver: 'hook', matchers: ['service=~"(unclosed"'] } }).join(), /^notify\.route\.matchers\.0: invalid regex/);
    assert.match(problems({ receivers: [hook], route: { receiver: 'hook', matchers: ['just words'] } }).join(), /^notify\.route\.matchers\.0: not a matcher/);
    assert.deepEqual(problems({ receivers: [hook], route: { receiver: 'hook' }, escalations: [{ name: 'e', steps: [{ after: '0s' }] }] }),
      ['notify.escalations.0.steps.0: an escalation step needs receivers or a schedule to notify']);
    assert.deepEqual(problems({ receivers: [{ name: 'm', email: { to: ['not-an-address'], from: 'a@example.com', host: 'smtp.example.com' } }] }),
      ['notify.receivers.0.email.to.0: not an email address']);
    assert.deepEqual(problems({ receivers: [{ name: 'p', pagerduty: {} }] }), ['notify.receivers.0.pagerduty.secretEnv: a pagerduty receiver needs its secret in secretEnv or secretFile']);
  });

  it('accepts a full configuration', () => {
    assert.deepEqual(problems({
      receivers: [hook, { name: 'm', email: { to: ['a@example.com'], from: 'o@example.com', host: 'smtp.example.com' } }],
      route: { receiver: 'hook', groupBy: ['service'], routes: [{ matchers: ['severity=critical'], escalation: 'e' }] },
      escalations: [{ name: 'e', steps: [{ after: '0s', receivers: ['hook'] }, { after: '15m', schedule: 's' }] }],
      schedules: [{ name: 's', receiver: 'm', rotations: [{ users: ['a@example.com'], start: '2026-01-05T09:00:00Z', length: '7d' }] }],
    }), []);
  });
});

describe('routing', () => {
  const root = notifyConfigSchema.parse({
    receivers: ['default', 'checkout', 'db', 'audit'].map((name) => ({ name, webhook: { url: 'https://h.example.com' } })),
    route: { receiver: 'default', groupBy: ['service'], routes: [
      { matchers: ['severity=critical'], receiver: 'audit', continue: true },
      { matchers: ['service=payments'], receiver: 'checkout', groupWait: '5s' },
      { matchers: ['service=db'], receiver: 'db' },
    ] },
  }).route!;

  it('follows continue, inherits settings, matches any of the incident\'s services, and falls back to the parent', () => {
    const matches = routeIncident(root, incidentLabelSets(incident()));
    assert.deepEqual(matches.map((m) => [m.receiver, m.groupWait, m.groupKey]), [
      ['audit', 30_000, 'route.routes[0]{service="checkout"}'], ['checkout', 5000, 'route.routes[1]{service="payments"}'],
    ]);
    assert.deepEqual(routeIncident(root, incidentLabelSets(incident({ severity: 'warning', entities: ['host:h1'] }))).map((m) => m.receiver), ['default']);
  });
});

describe('planning', () => {
  const route = { receiver: 'hook', escalation: undefined, groupKey: 'route{}', groupWait: 30_000, groupInterval: 5 * MIN, repeatInterval: 4 * 60 * MIN };
  it('waits group_wait for the firing, coalesces a storm of updates into one, and sends the resolution to whoever got the firing though no route matches any more', () => {
    const opened = planChange({ change: { kind: 'opened', incident: incident() }, targets: [], waitingUpdates: new Map(), routes: [route], now: T });
    assert.deepEqual(opened.deliveries.map((d) => [d.id, d.event, d.dueAt]), [['inc_1/hook/1', 'incident.firing', T + 30_000]]);
    const [target] = opened.targets;
    const joined = planChange({ change: { kind: 'alert-joined', incident: incident({ alertCount: 2 }) }, targets: [target!], waitingUpdates: new Map(), routes: [route], now: T + MIN });
    assert.deepEqual(joined.deliveries.map((d) => [d.event, d.dueAt]), [['incident.updated', T + 30_000 + 5 * MIN]]);
    const waiting = new Map([[joined.deliveries[0]!.id, joined.deliveries[0]!]]);
    const storm = planChange({ change: { kind: 'alert-joined', incident: incident({ alertCount: 200 }) }, targets: joined.targets, waitingUpdates: waiting, routes: [route], now: T + 2 * MIN });
    assert.deepEqual([storm.deliveries.length, storm.coalesced.map((d) => d.incident.alertCount)], [0, [200]]);
    const resolved = planChange({ change: { kind: 'resolved', incident: incident({ status: 'resolved' }) }, targets: joined.targets, waitingUpdates: waiting, routes: [], now: T + 3 * MIN });
    assert.deepEqual([resolved.deliveries.map((d) => [d.id, d.event]), resolved.superseded], [[['inc_1/hook/3', 'incident.resolved']], ['inc_1/hook/2']]);
  });

  it('sends nothing for comments, and tells no new receiver of an acknowledged incident', () => {
    assert.equal(planChange({ change: { kind: 'commented', incident: incident() }, targets: [newTarget('inc_1', 'hook', route)], waitingUpdates: new Map(), routes: [route], now: T }).deliveries.length, 0);
    assert.equal(planChange({ change: { kind: 'acknowledged', incident: incident({ status: 'acknowledged' }) }, targets: [], waitingUpdates: new Map(), routes: [route], now: T }).deliveries.length, 0);
  });
});

describe('escalation and schedules', () => {
  const policy = { steps: [{ after: 0, receivers: ['a'] }, { after: 10 * MIN, receivers: ['b'] }], repeat: 1, repeatEvery: 30 * MIN };
  it('notifies each step when due, repeats the rounds, then stops', () => {
    let state = startEscalation('inc_1', 'p', policy, T);
    const at = (now: number) => {
      const due = dueSteps(policy, state, now);
      state = due.state;
      return due.steps.flatMap((step) => step.receivers);
    };
    assert.deepEqual([at(T), at(T + 9 * MIN), at(T + 10 * MIN), at(T + 45 * MIN), at(T + 5 * 60 * MIN)], [['a'], [], ['b'], ['a', 'b'], []]);
    assert.equal(state.nextAt, null);
  });

  it('answers who is on call from the rotation, and an override in its time', () => {
    const schedule = {
      rotations: [{ users: ['a@x.io', 'b@x.io'], start: T, length: 7 * 24 * 60 * MIN }],
      overrides: [{ user: 'c@x.io', start: T + 8 * 24 * 60 * MIN, end: T + 9 * 24 * 60 * MIN }],
    };
    assert.equal(onCallAt(schedule, T - 1), undefined);
    assert.deepEqual(onCallAt(schedule, T + 60 * MIN), { user: 'a@x.io', since: T, until: T + 7 * 24 * 60 * MIN, source: 'rotation' });
    assert.equal(onCallAt(schedule, T + 7 * 24 * 60 * MIN)?.user, 'b@x.io');
    assert.equal(onCallAt(schedule, T + 8.5 * 24 * 60 * MIN)?.source, 'override');
    assert.equal(onCallAt(schedule, T + 14 * 24 * 60 * MIN)?.user, 'a@x.io');
  });
});

describe('host guard, links and backoff', () => {
  it('refuses link-local and metadata addresses, also behind a DNS name and when the host is allowed', async () => {
    for (const address of ['169.254.169.254', '169.254.0.1', 'fd00:ec2::254', 'fe80::1', '::ffff:169.254.169.254', '100.100.100.200']) assert.ok(forbiddenAddress(address), address);
    for (const address of ['127.0.0.1', '10.0.0.1', '2001:db8::1']) assert.equal(forbiddenAddress(address), undefined, address);
    const resolveTo = (address: string) => () => Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
    await assert.rejects(checkedAddress('metadata.example.com', ['*.example.com'], resolveTo('169.254.169.254')), HostRefused);
    await assert.rejects(checkedAddress('v6.example.com', ['v6.example.com'], resolveTo('fd00:ec2::254')), /link-local or metadata/);
    await assert.rejects(checkedAddress('[fd00:ec2::254]', ['fd00:ec2::254']), /link-local or metadata/);
    await assert.rejects(checkedAddress('evil.com', ['*.example.com'], resolveTo('1.2.3.4')), /not in notify\.allowedHosts/);
    assert.deepEqual(await checkedAddress('hooks.example.com', ['*.example.com'], resolveTo('1.2.3.4')), { address: '1.2.3.4', family: 4 });
  });

  it('signs links that verify until they expire, and refuses tampered ones', () => {
    const token = signLink({ incident: 'inc_1', action: 'acknowledge', to: 'hook', expires: T + MIN }, 'key');
    assert.deepEqual(verifyLink(token, 'key', T), { incident: 'inc_1', action: 'acknowledge', to: 'hook', expires: T + MIN });
    assert.deepEqual(verifyLink(token, 'key', T + MIN), { problem: 'the link has expired' });
    assert.deepEqual(verifyLink(token, 'other key', T), { problem: 'the link is not signed by this server' });
    const [body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ incident: 'inc_2', action: 'resolve', to: 'hook', expires: T + MIN })).toString('base64url');
    assert.deepEqual(verifyLink(`${forged}.${signature}`, 'key', T), { problem: 'the link is not signed by this server' });
    assert.ok(body);
  });

  it('backs off exponentially with jitter, and waits as long as Retry-After asks', () => {
    assert.deepEqual([1, 2, 3].map((attempt) => retryDelay(attempt, 1000, 0)), [500, 1000, 2000]);
    assert.deepEqual([1, 2, 3].map((attempt) => retryDelay(attempt, 1000, 0.999)), [1000, 1999, 3998]);
    assert.equal(retryDelay(1, 1000, 0.5, 120_000), 120_000);
    assert.equal(retryDelay(30, 1000, 1), 3_600_000);
  });
});
