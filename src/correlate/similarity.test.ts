import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert, Incident } from '../signals/index.js';
import { templateLink, templateMarkOf, templateOf, titleMarkOf, titleWords, withSimilarTitle, wordSimilarity } from './similarity.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const config = { templateWeight: 0.75, titleWeight: 0.3, titleThreshold: 0.75 };

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint: 'fp', status: 'firing', severity: 'warning', entityId: 'service:cart', source: 'opsight-detect', title: 'HighLatencyP95',
    labels: {}, annotations: {}, firstSeen: T0, lastSeen: T0, activeSince: T0, resolvedAt: null, count: 1, incidentId: null, url: null, ...overrides,
  };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc', status: 'open', severity: 'warning', title: 't', entities: ['service:orders'], startedAt: T0 - MIN, lastActivityAt: T0 - MIN,
    resolvedAt: null, alertCount: 1, firingCount: 1, rootCauses: [], ...overrides,
  };
}

const TEMPLATE = 'PaymentDeclinedException: card <*> declined by issuer <*>';
const logAlert = (entityId: string, subject = TEMPLATE) => alert({ entityId, labels: { alertname: 'NewErrorLogTemplate', detector: 'log.new-error-template', subject } });
const words = (title: string, overrides: Partial<Alert> = {}) => titleWords(alert({ title, ...overrides }));
const similarity = (a: string, b: string, overrides: Partial<Alert> = {}) => wordSimilarity(words(a, overrides), words(b, overrides));

describe('templateOf', () => {
  it("reads the template opsight's log detectors name, and ids or texts other tools put in labels or annotations", () => {
    assert.equal(templateOf(logAlert('service:cart')), TEMPLATE);
    assert.equal(templateOf(alert({ labels: { template_id: 'a1b2c3d4' } })), 'a1b2c3d4');
    assert.equal(templateOf(alert({ annotations: { template: '  connection  reset by   peer <*> ' } })), 'connection reset by peer <*>');
  });

  it('takes no template from a metric detector, and none that says nothing of a cause', () => {
    assert.equal(templateOf(alert({ labels: { detector: 'metric.band', subject: 'http_server_duration_seconds p95 latency' } })), undefined);
    assert.equal(templateOf(logAlert('service:cart', 'error lines')), undefined);
    assert.equal(templateOf(logAlert('service:cart', 'failed <*> <*>')), undefined);
    assert.equal(templateOf(alert({ labels: { template: 'timeout' } })), undefined);
    assert.equal(templateOf(alert()), undefined);
  });

  it('marks the template with the entity of its alert', () => {
    assert.equal(templateMarkOf(logAlert('service:cart')), `service:cart ${TEMPLATE}`);
    assert.equal(templateMarkOf(alert()), undefined);
  });
});

describe('titleWords', () => {
  it('masks numbers, ids, hex, durations, quoted values and the entities the alert is about', () => {
    assert.deepEqual(words('Latency anomaly on service:cart: http_server_duration_seconds_p95'), ['anomaly', 'duration', 'http', 'latency', 'seconds', 'server']);
    assert.deepEqual(words("Order 12345 of user 'bob' failed after 2.5s at 0xdeadbeef"), ['after', 'failed', 'order', 'user']);
    assert.deepEqual(words('KubePodCrashLooping cart-7f9c2 restarted', { entityId: 'pod:shop/cart-7f9c2', labels: { namespace: 'shop', pod: 'cart-7f9c2' } }), ['crash', 'kube', 'looping', 'pod', 'restarted']);
    assert.deepEqual(words('Disk full on node-1 /var/lib/data'), ['disk', 'full', 'node']);
  });

  it('splits alert names at camel case, so two percentiles of one problem read alike', () => {
    assert.deepEqual(words('HighLatencyP95'), ['high', 'latency']);
    assert.equal(similarity('HighLatencyP95', 'HighLatencyP99'), 1);
  });

  it('leaves no mark of a title with too little left once masked', () => {
    assert.equal(titleMarkOf(alert({ title: 'Down 42' })), undefined);
    assert.equal(titleMarkOf(alert({ title: 'Burst of error logs on service:cart' })), 'service:cart burst error logs');
  });
});

describe('wordSimilarity', () => {
  it('is the share of words two titles have in common, the same on any entity', () => {
    assert.equal(similarity('Latency anomaly on service:cart: http_server_duration_seconds_p95', 'Latency anomaly on service:cart: http_server_duration_seconds_p99'), 1);
    assert.equal(wordSimilarity(['a', 'b', 'c'], ['a', 'b', 'd']), 0.5);
    assert.equal(wordSimilarity([], ['a']), 0);
  });

  it('keeps titles of different problems apart', () => {
    assert.ok(similarity('HighLatencyP95', 'HighErrorRate') < config.titleThreshold);
    assert.ok(similarity('Latency anomaly on service:cart: http_server_duration_seconds_p95', 'Errors anomaly on service:cart: http_server_errors_ratio') < config.titleThreshold);
    assert.ok(similarity('CertificateExpiringSoon', 'KubePodRestarted') === 0);
  });
});

describe('templateLink', () => {
  const holding = (overrides: Partial<Incident> = {}) => incident({ templates: [`service:orders ${TEMPLATE}`], ...overrides });

  it('links an alert to an incident holding its template on another entity, naming both', () => {
    assert.deepEqual(templateLink(logAlert('service:cart'), holding(), config, 5 * MIN), {
      score: 0.75, reason: `same log template as an alert on service:orders: ${JSON.stringify(TEMPLATE)}`, relatedTo: 'service:orders', firm: true,
    });
  });

  it('does not link another template, an incident quiet for longer than the window, or with the weight 0', () => {
    assert.equal(templateLink(logAlert('service:cart', 'RedisTimeoutException: command <*> timed out'), holding(), config, 5 * MIN), undefined);
    assert.equal(templateLink(logAlert('service:cart'), holding({ lastActivityAt: T0 - 6 * MIN }), config, 5 * MIN), undefined);
    assert.equal(templateLink(logAlert('service:cart'), holding(), { ...config, templateWeight: 0 }, 5 * MIN), undefined);
    assert.equal(templateLink(logAlert('service:orders'), holding(), config, 5 * MIN), undefined);
  });
});

describe('withSimilarTitle', () => {
  const weak = { score: 0.5, reason: 'host of pod:shop/cart-1, saturated both', relatedTo: 'host:node-1', firm: false };
  const firm = { score: 0.8, reason: 'caller of service:orders', relatedTo: 'service:orders', firm: true };
  const titled = (overrides: Partial<Incident> = {}) => incident({ titles: ['service:orders high latency'], ...overrides });

  it('strengthens a link by a similar title, as independent evidence, and says so', () => {
    const boosted = withSimilarTitle(weak, alert({ title: 'HighLatencyP99' }), titled(), config, 5 * MIN);
    assert.deepEqual(boosted, { ...weak, score: 0.65, reason: `${weak.reason}; similar title to an alert on service:orders` });
  });

  it('lets a link merge incidents only if it could alone', () => {
    const justBelow = { ...firm, score: 0.6 };
    const boosted = withSimilarTitle(justBelow, alert({ title: 'HighLatencyP99' }), titled(), config, 5 * MIN);
    assert.equal(boosted.score, 0.72);
    assert.equal(boosted.firm, false);
    assert.equal(withSimilarTitle(firm, alert({ title: 'HighLatencyP99' }), titled(), config, 5 * MIN).firm, true);
  });

  it('changes nothing for a title below the threshold, an incident quiet for longer than the window, or the weight 0', () => {
    assert.equal(withSimilarTitle(weak, alert({ title: 'HighErrorRate' }), titled(), config, 5 * MIN), weak);
    assert.equal(withSimilarTitle(weak, alert({ title: 'HighLatencyP99' }), titled({ lastActivityAt: T0 - 6 * MIN }), config, 5 * MIN), weak);
    assert.equal(withSimilarTitle(weak, alert({ title: 'HighLatencyP99' }), titled(), { ...config, titleWeight: 0 }, 5 * MIN), weak);
  });
});
