/**
 * The web UI in a real browser (Debian's chromium, driven by playwright-core): opsight in-process with alerts
 * posted through the ingest API, sign-in, the incident list, an incident with its chart, graph and causes, an
 * acknowledgement seen live on a second page, log templates with their example lines, a deep link through sign-in, and a screenshot of every page at two
 * sizes under test-artifacts/ (for a person to look at). No console error is allowed on any page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { TestApp } from '../runtime/testing.js';
import { startTestApp } from '../runtime/testing.js';
import { storeTargets } from '../store/testing.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.OPSIGHT_REQUIRE_SERVICES === '1';
const skip = !existsSync(CHROMIUM) && !required ? `${CHROMIUM} is absent: browser tests skipped (apt-get install chromium)` : false;
const ARTIFACTS = 'test-artifacts';
const SMALL = { width: 1366, height: 768 };
const SIZES = [SMALL, { width: 1920, height: 1080 }];
const MIN = 60_000;

function alertmanagerPayload(alerts: { name: string; service: string; severity: string; startsAt: number; summary: string }[]) {
  return {
    version: '4', groupKey: '{}:{}', truncatedAlerts: 0, status: 'firing', receiver: 'opsight', externalURL: 'http://alertmanager:9093',
    groupLabels: {}, commonLabels: {}, commonAnnotations: {},
    alerts: alerts.map((alert) => ({
      status: 'firing', labels: { alertname: alert.name, service: alert.service, severity: alert.severity }, annotations: { summary: alert.summary },
      startsAt: new Date(alert.startsAt).toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus:9090/graph',
      fingerprint: `${alert.name}-${alert.service}`,
    })),
  };
}

describe('web UI in chromium', { skip }, () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let incidentId: string;
  const consoleErrors: string[] = [];
  const now = Date.now();

  async function newPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? await browser.newContext({ viewport: SMALL })).newPage();
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`); });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('header.top').waitFor();
  }

  async function screenshots(page: Page, name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150); // charts and the graph redraw on resize
      await page.screenshot({ path: `${ARTIFACTS}/${name}-${size.width}x${size.height}.png`, fullPage: false });
    }
    await page.setViewportSize(SMALL);
  }

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp(storeTargets[0]!, { topology: { edges: [
      { from: 'service:frontend', to: 'service:checkout' }, { from: 'service:checkout', to: 'service:payments' }, { from: 'service:payments', to: 'peer:postgres' },
    ] } });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const posted = await fetch(`${url}/api/v1/ingest/alertmanager`, {
      method: 'POST', headers: { ...t.as('ingest'), 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload([
        { name: 'HighErrorRate', service: 'checkout', severity: 'critical', startsAt: now - 20 * MIN, summary: '5xx above 5%' },
        { name: 'HighLatency', service: 'checkout', severity: 'warning', startsAt: now - 18 * MIN, summary: 'p95 above 800 ms' },
        { name: 'DiskFilling', service: 'reports', severity: 'warning', startsAt: now - 90 * MIN, summary: 'disk 90% full' },
      ])),
    });
    assert.equal(posted.status, 202, await posted.text());
    // The error ratio the metric detector watched, from before the incident to its spike: the chart draws its recent points.
    const errorRatio = Array.from({ length: 80 }, (_, i) => ({
      entityId: 'service:checkout', metric: 'http_errors_ratio', labels: { service: 'checkout' }, kind: 'gauge' as const,
      time: now - (80 - i) * MIN, value: i < 62 ? 0.01 + 0.002 * ((i * 7) % 5) : 0.12 + (i % 4) / 100,
    }));
    await t.sink.accept('test', { samples: errorRatio });
    // Log lines of checkout, mined into templates with example lines (one too long to show whole).
    await t.sink.accept('test', { logs: [
      ...[8812, 8813].map((order, i) => ({ entityId: 'service:checkout', time: now - (19 - i) * MIN, severity: 'error' as const, body: `payment gateway timeout after 5000 ms for order ${order}`, attributes: {} })),
      { entityId: 'service:checkout', time: now - 17 * MIN, severity: 'warning' as const, body: `retrying cart sync: ${'upstream cart-service responded 503 '.repeat(8)}(giving up)`, attributes: {} },
    ] });
    await t.settled();
    const incidents = await t.store.incidents.list({ limit: 10, offset: 0 });
    const checkout = incidents.items.find((incident) => incident.entities.includes('service:checkout'));
    assert.ok(checkout, `an incident on service:checkout: ${JSON.stringify(incidents.items.map((i) => i.title))}`);
    incidentId = checkout.id;
    // A fixed ranked cause and the detector's anomalies, written as those stages would, so the page shows known evidence.
    await t.store.incidents.put({ ...checkout, rootCauses: [
      { entityId: 'service:payments', score: 0.82, signal: 'opsight_edge_error_ratio', since: now - 20 * MIN, evidence: ['error ratio of calls checkout → payments rose from 0.1% to 14%', 'p95 latency 4.1× its baseline'] },
      { entityId: 'service:checkout', score: 0.35, signal: 'opsight_span_error_ratio', since: now - 18 * MIN, evidence: ['5xx above 5%'] },
    ] });
    for (let i = 0; i < 12; i++) {
      const time = now - (30 - i * 2) * MIN;
      const spike = i >= 6;
      await t.store.anomalies.insert({
        id: `a${i}`, detector: 'metric', signal: 'metric', entityId: 'service:checkout', subject: 'http_errors_ratio{service="checkout"}', time,
        score: spike ? 0.97 : 0.4, actual: spike ? 0.12 + i / 100 : 0.01, expected: 0.01, lower: 0, upper: 0.03, explanation: 'error ratio far above its band',
      });
    }
    for (let i = 0; i < 3; i++) { // a series the detectors no longer hold (say, before a restart): its stored anomalies alone draw its chart
      await t.store.anomalies.insert({
        id: `l${i}`, detector: 'metric', signal: 'metric', entityId: 'service:checkout', subject: 'http_p95_seconds{service="checkout"}', time: now - (16 - 4 * i) * MIN,
        score: 0.9, actual: 0.9 + i / 10, expected: 0.3, lower: 0.2, upper: 0.4, explanation: 'p95 far above its band',
      });
    }
    // A log anomaly naming the rarer template: the incident page lists it first, before the more frequent one.
    const templates = await (await fetch(`${url}/api/v1/log-templates?entity=service:checkout`, { headers: t.as('viewer') })).json() as { items: { id: string; template: string }[] };
    const cartSync = templates.items.find((template) => template.template.startsWith('retrying cart sync'));
    assert.ok(cartSync, JSON.stringify(templates.items));
    await t.store.anomalies.insert({
      id: 'log1', detector: 'log.rate-shift', signal: 'log', entityId: 'service:checkout', subject: cartSync.template, templateId: cartSync.id,
      time: now - 17 * MIN, score: 0.8, actual: 40, expected: 2, explanation: `template ${cartSync.id} rose to 40 lines in 60s from a baseline of 2.0`,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, lists incidents, shows an incident with chart, graph and causes, and a second page sees its acknowledgement live', async () => {
    const watcher = await newPage();
    await watcher.goto(url);
    await signIn(watcher, t.tokens.viewer);
    await watcher.getByRole('heading', { name: 'Incidents' }).waitFor();
    const row = watcher.locator('tr', { hasText: 'HighErrorRate' });
    await row.getByText('open', { exact: true }).waitFor();
    await watcher.locator('.live-live').waitFor();
    await screenshots(watcher, 'incidents');
    // Enter on a focused link follows that link, not the list's selected row (the first).
    const second = watcher.locator('tr[data-row="1"] td.title a');
    const secondHref = await second.getAttribute('href');
    await second.focus();
    await watcher.keyboard.press('Enter');
    await watcher.waitForURL((address) => address.hash === secondHref);
    await watcher.goBack();
    await watcher.getByRole('heading', { name: 'Incidents' }).waitFor();

    const responder = await newPage();
    await responder.goto(url);
    await signIn(responder, t.tokens.responder);
    await responder.locator('td.title a', { hasText: 'HighErrorRate' }).click();
    await responder.getByRole('heading', { name: 'Probable root causes' }).waitFor();
    await responder.locator('.causes').getByText('service:payments').waitFor();
    await responder.locator('.chart canvas').nth(1).waitFor();
    await responder.locator('.chart figcaption', { hasText: 'http_errors_ratio' }).getByText(/last 80 points/).waitFor();
    await responder.locator('.chart figcaption', { hasText: 'http_p95_seconds' }).getByText(/stored anomalies only/).waitFor();
    await responder.locator('.graph canvas').first().waitFor();
    const examples = responder.locator('.panel', { has: responder.getByRole('heading', { name: 'Log templates involved' }) }).locator('ul.examples');
    await examples.getByText('payment gateway timeout after 5000 ms for order 8812', { exact: true }).waitFor();
    const templateRows = responder.locator('.panel', { has: responder.getByRole('heading', { name: 'Log templates involved' }) }).locator('tbody > tr');
    assert.match(await templateRows.first().innerText(), /in this incident[\s\S]*retrying cart sync/, 'the template an anomaly names comes first, marked');
    assert.doesNotMatch(await templateRows.nth(1).innerText(), /in this incident/, 'then the frequent ones, unmarked');
    // The timeline holds the anomalies of the incident's span, the first ten, then the rest on demand.
    const timeline = responder.locator('.panel', { has: responder.getByRole('heading', { name: 'Timeline' }) });
    await timeline.locator('li.tl-detected', { hasText: 'log.rate-shift' }).waitFor();
    assert.equal(await timeline.locator('li.tl-detected').count(), 10);
    const showMore = timeline.getByRole('button', { name: /^Show more anomalies \(\d+ hidden\)$/ });
    const hidden = Number(/\d+/.exec(await showMore.innerText())?.[0]);
    assert.ok(hidden > 0 && hidden <= 10, `${hidden} hidden`);
    await showMore.click();
    assert.equal(await timeline.locator('li.tl-detected').count(), 10 + hidden);
    assert.equal(await timeline.getByRole('button', { name: /^Show more anomalies/ }).count(), 0);
    const more = examples.getByRole('button', { name: /^more/ });
    await more.focus();
    await responder.keyboard.press('Enter');
    await examples.getByText(/\(giving up\)$/).waitFor(); // the long line's end, shown once expanded from the keyboard
    assert.equal(await examples.getByRole('button', { name: 'less' }).getAttribute('aria-expanded'), 'true');
    assert.match(responder.url(), new RegExp(`#/incidents/${incidentId}$`));
    await screenshots(responder, 'incident');

    await responder.getByRole('button', { name: 'Acknowledge' }).click();
    await responder.locator('.incident-head').getByText('acknowledged', { exact: true }).waitFor();
    await row.getByText('acknowledged', { exact: true }).waitFor(); // the viewer's list, without a reload
    const stored = await t.store.incidents.get(incidentId);
    assert.equal(stored?.status, 'acknowledged');
    assert.equal(stored?.acknowledgedBy, 'responder');
  });

  it('keeps a deep link to an incident through sign-in', async () => {
    const page = await newPage();
    await page.goto(`${url}/#/incidents/${incidentId}`);
    await page.getByLabel('API token').waitFor();
    await screenshots(page, 'sign-in');
    await signIn(page, t.tokens.viewer);
    await page.getByRole('heading', { name: 'Probable root causes' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'a viewer is offered no actions');
  });

  it('shows every other page with its content or its empty state', async () => {
    const page = await newPage();
    await page.goto(url);
    await signIn(page, t.tokens.admin);
    const pages: [string, string, string][] = [
      ['services', 'Services', '.graph canvas'], ['service', 'service:checkout', 'text=Incidents'], ['anomalies', 'Anomalies', 'td >> text=service:checkout'],
      ['logs', 'Log patterns', 'details.examples'], ['insights', 'Insights', '.stats'], ['settings', 'Settings', 'text=API tokens'],
    ];
    for (const [path, heading, content] of pages) {
      await page.goto(`${url}/#/${path === 'service' ? 'services/service%3Acheckout' : path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator(content).first().waitFor();
      await screenshots(page, path);
    }
    // A weekly maintenance window made in the form reaches the API as a recurrence.
    await page.goto(`${url}/#/settings`);
    const windows = page.locator('.panel', { has: page.getByRole('heading', { name: 'Maintenance windows' }) });
    const form = windows.getByRole('form', { name: 'New maintenance window' });
    await form.getByLabel('Matchers').fill('service="reports"');
    await form.getByLabel('every week').check();
    await form.getByLabel('sun').uncheck();
    await form.getByLabel('Starts at').fill('03:30');
    await form.getByLabel('For', { exact: true }).fill('90m');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('What', { exact: true }).fill('weekly reports rebuild');
    await form.getByRole('button', { name: 'Create maintenance window' }).click();
    await windows.locator('td', { hasText: 'weekly reports rebuild' }).waitFor();
    const created = (await t.store.maintenanceWindows.list(10, 0)).items;
    assert.deepEqual(created.map((w) => [w.matchers.map((m) => `${m.name}=${m.value}`), w.recurrence, w.comment]),
      [[['service=reports'], { weekdays: ['sat'], start: '03:30', duration: '90m', timeZone: 'Europe/Berlin' }, 'weekly reports rebuild']]);

    await page.goto(`${url}/#/logs`);
    // The sparkline draws the template's lines per minute over the entity's last hour.
    await page.locator('tr', { hasText: 'payment gateway timeout' }).getByRole('img', { name: /^2 lines in the 60 minutes to .*, at most 1 a minute$/ }).waitFor();
    const folded = page.locator('tr', { hasText: 'payment gateway timeout' }).locator('details.examples');
    await folded.locator('summary').focus();
    await page.keyboard.press('Enter');
    await folded.getByText('payment gateway timeout after 5000 ms for order 8813', { exact: true }).waitFor();
  });

  it('logs no console error on any page', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
