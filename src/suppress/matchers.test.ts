import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchAll, matchLabels, matcherField, matchesEmpty, parseMatcher } from './matchers.js';

const parse = (text: string) => matcherField.parse(text);

describe('matchers', () => {
  it('reads the four operators, with quoted or bare values', () => {
    assert.deepEqual(parseMatcher('service=cart'), { name: 'service', value: 'cart', isRegex: false, isEqual: true });
    assert.deepEqual(parseMatcher('service != "cart"'), { name: 'service', value: 'cart', isRegex: false, isEqual: false });
    assert.deepEqual(parseMatcher('service=~cart|checkout'), { name: 'service', value: 'cart|checkout', isRegex: true, isEqual: true });
    assert.deepEqual(parseMatcher('team!~"db.*"'), { name: 'team', value: 'db.*', isRegex: true, isEqual: false });
    assert.ok('error' in parseMatcher('just words'));
  });

  it('anchors regexes fully, as Alertmanager does', () => {
    const matches = matchAll([parse('service=~cart|checkout')]);
    assert.equal(matches({ service: 'cart' }), true);
    assert.equal(matches({ service: 'checkout' }), true);
    assert.equal(matches({ service: 'cartography' }), false);
    assert.equal(matches({ service: 'my-cart' }), false);
  });

  it('treats a missing label as the empty value', () => {
    assert.equal(matchAll([parse('team!=db')])({}), true);
    assert.equal(matchAll([parse('team=db')])({}), false);
    assert.equal(matchesEmpty(parse('team=~.*')), true);
    assert.equal(matchesEmpty(parse('team=db')), false);
  });

  it('needs every matcher to match', () => {
    const matches = matchAll([parse('service=cart'), parse('severity!~info|warning')]);
    assert.equal(matches({ service: 'cart', severity: 'critical' }), true);
    assert.equal(matches({ service: 'cart', severity: 'warning' }), false);
  });

  it('refuses a regex that does not compile, naming the matcher', () => {
    const result = matcherField.safeParse({ name: 'service', value: 'cart(', isRegex: true });
    assert.equal(result.success, false);
    assert.match(result.error?.issues[0]?.message ?? '', /invalid regex in matcher service=~"cart\("/);
  });

  it('lets the alert\'s labels win over the fields it fills in', () => {
    const alert = { labels: { severity: 'page' }, title: 'HighLatency', entityId: 'service:cart', severity: 'critical' as const, source: 'alertmanager' };
    assert.deepEqual(matchLabels(alert), { alertname: 'HighLatency', entity: 'service:cart', severity: 'page', source: 'alertmanager' });
  });
});
