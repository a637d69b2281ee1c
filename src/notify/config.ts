/**
 * Configuration of notifications (docs/notify.md): receivers (one channel each), the routing tree, escalation
 * policies, on-call schedules and the hosts opsight may call. A tree naming a receiver that does not exist, a
 * matcher that does not parse, an escalation step with nobody to notify or an address that is not one stops
 * start-up, naming the key.
 */
import { z } from 'zod';
import { durationField } from '../config/duration.js';
import { timestampField } from '../ingest/timestamps.js';
import { matcherText } from '../suppress/index.js';

const emailAddress = z.string().trim().pipe(z.email({ message: 'not an email address' }));

/** Where a receiver's secret comes from: an environment variable or a file, never the config itself (it would show in every copy of it). */
const secretFields = {
  /** Environment variable holding the secret. */
  secretEnv: z.string().min(1).optional(),
  /** File holding the secret (trailing newline ignored). */
  secretFile: z.string().min(1).optional(),
};
const timeoutField = durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(10_000);

const webhookSchema = z.strictObject({
  /** Where the JSON is POSTed. */
  url: z.url(),
  ...secretFields,
  /** Longest one request may take. @default "10s" */
  timeout: timeoutField,
});
const slackSchema = z.strictObject({
  /** The incoming-webhook URL; it is a credential, so better left out and read from `secretEnv`/`secretFile`. */
  url: z.url().optional(),
  ...secretFields,
  /** Longest one request may take. @default "10s" */
  timeout: timeoutField,
});
const emailSchema = z.strictObject({
  to: z.array(emailAddress).min(1),
  from: emailAddress,
  /** SMTP server host. */
  host: z.string().min(1),
  /** @default 587 */
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. @default false */
  secure: z.boolean().default(false),
  /** SMTP user; the password is the secret. */
  user: z.string().min(1).optional(),
  ...secretFields,
  /** Longest one message may take. @default "10s" */
  timeout: timeoutField,
});
const pagerdutySchema = z.strictObject({
  /** Events API v2 endpoint. @default "https://events.pagerduty.com/v2/enqueue" */
  url: z.url().default('https://events.pagerduty.com/v2/enqueue'),
  /** The secret is the integration's routing key. */
  ...secretFields,
  /** Longest one request may take. @default "10s" */
  timeout: timeoutField,
});
const jiraSchema = z.strictObject({
  /** Site base URL, e.g. https://example.atlassian.net. */
  url: z.url(),
  /** Account email; the secret is its API token. */
  user: z.string().min(1),
  ...secretFields,
  /** Project key issues are created in. */
  project: z.string().min(1),
  /** @default "Task" */
  issueType: z.string().min(1).default('Task'),
  /** Transition taken when the incident resolves. @default "Done" */
  resolveTransition: z.string().min(1).default('Done'),
  /** Longest one request may take. @default "10s" */
  timeout: timeoutField,
});
const servicenowSchema = z.strictObject({
  /** Instance base URL, e.g. https://example.service-now.com. */
  url: z.url(),
  /** User; the secret is its password. */
  user: z.string().min(1),
  ...secretFields,
  /** Longest one request may take. @default "10s" */
  timeout: timeoutField,
});

export const channelSchemas = { webhook: webhookSchema, slack: slackSchema, email: emailSchema, pagerduty: pagerdutySchema, jira: jiraSchema, servicenow: servicenowSchema };
export type ChannelKind = keyof typeof channelSchemas;
const channelKinds = Object.keys(channelSchemas) as ChannelKind[];
/** Channels that cannot work without their secret. */
const secretRequired: readonly ChannelKind[] = ['pagerduty', 'jira', 'servicenow'];

const receiverSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  webhook: webhookSchema.optional(),
  slack: slackSchema.optional(),
  email: emailSchema.optional(),
  pagerduty: pagerdutySchema.optional(),
  jira: jiraSchema.optional(),
  servicenow: servicenowSchema.optional(),
}).superRefine((receiver, context) => {
  const kinds = channelKinds.filter((kind) => receiver[kind] !== undefined);
  if (kinds.length !== 1) {
    context.addIssue({ code: 'custom', message: `a receiver has exactly one of ${channelKinds.join(', ')}; this one has ${kinds.length === 0 ? 'none' : kinds.join(', ')}` });
    return;
  }
  const kind = kinds[0] as ChannelKind;
  const channel = receiver[kind] as { secretEnv?: string; secretFile?: string; url?: string };
  const hasSecret = channel.secretEnv !== undefined || channel.secretFile !== undefined;
  if (channel.secretEnv !== undefined && channel.secretFile !== undefined) context.addIssue({ code: 'custom', path: [kind], message: 'set secretEnv or secretFile, not both' });
  if (secretRequired.includes(kind) && !hasSecret) context.addIssue({ code: 'custom', path: [kind, 'secretEnv'], message: `a ${kind} receiver needs its secret in secretEnv or secretFile` });
  if (kind === 'slack' && channel.url === undefined && !hasSecret) context.addIssue({ code: 'custom', path: [kind, 'url'], message: 'a slack receiver needs url, or the URL in secretEnv or secretFile' });
});
export type Receiver = z.infer<typeof receiverSchema>;

const routeFields = {
  /** Receiver of the incidents this node matches (inherited by its children). */
  receiver: z.string().min(1).optional(),
  /** Escalation policy started for the incidents this node matches. */
  escalation: z.string().min(1).optional(),
  /** Alertmanager matchers over the incident's labels; all must match. */
  matchers: z.array(matcherText).default([]),
  /** Labels whose values make a notification group (inherited). */
  groupBy: z.array(z.string().min(1)).optional(),
  /** How long a new group waits for more before its first message (inherited). */
  groupWait: durationField.optional(),
  /** Least time between two messages of a group (inherited). */
  groupInterval: durationField.optional(),
  /** An incident still firing and unacknowledged is sent again this long after its last message; 0s never (inherited). */
  repeatInterval: durationField.optional(),
  /** Go on to the next sibling after this node matched. */
  continue: z.boolean().default(false),
};

export interface RouteNode {
  receiver?: string | undefined;
  escalation?: string | undefined;
  matchers: z.infer<typeof matcherText>[];
  groupBy?: string[] | undefined;
  groupWait?: number | undefined;
  groupInterval?: number | undefined;
  repeatInterval?: number | undefined;
  continue: boolean;
  routes: RouteNode[];
}

const childRouteSchema: z.ZodType<RouteNode, unknown> = z.lazy(() => z.strictObject({ ...routeFields, routes: z.array(childRouteSchema).default([]) }));

const routeSchema = z.strictObject({
  ...routeFields,
  /** Child routes, tried in order: the first that matches wins unless it says `continue`. */
  routes: z.array(childRouteSchema).default([]),
});

const escalationSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  steps: z.array(z.strictObject({
    /** Since the incident fired (or since this round of the policy began). */
    after: durationField,
    receivers: z.array(z.string().min(1)).default([]),
    /** The on-call person of this schedule is notified (by the schedule's email receiver). */
    schedule: z.string().min(1).optional(),
  })).min(1),
  /** Rounds of the policy after the first, while nobody acknowledges. @default 0 */
  repeat: z.number().int().min(0).max(100).default(0),
  /** A round begins this long after the previous one began. @default "1h" */
  repeatEvery: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(3_600_000),
});
export type EscalationPolicy = z.infer<typeof escalationSchema>;

const scheduleSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Email receiver that mails the person on call (its `to` replaced by them). */
  receiver: z.string().min(1),
  rotations: z.array(z.strictObject({
    users: z.array(emailAddress).min(1),
    /** A handoff: the first user's shift begins here (RFC 3339). */
    start: timestampField,
    /** Length of a shift. */
    length: durationField.refine((ms) => ms > 0, 'must be longer than 0s'),
  })).min(1),
  overrides: z.array(z.strictObject({ user: emailAddress, start: timestampField, end: timestampField })).default([]),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const notifyConfigSchema = z.strictObject({
  /** @default [] */
  receivers: z.array(receiverSchema).default([]),
  /** The root of the routing tree; without one nothing is sent. */
  route: routeSchema.optional(),
  /** @default [] */
  escalations: z.array(escalationSchema).default([]),
  /** @default [] */
  schedules: z.array(scheduleSchema).default([]),
  /** Hosts opsight may call (exact, or `*.example.com`); link-local and metadata addresses are refused whatever this says. @default [] */
  allowedHosts: z.array(z.string().trim().toLowerCase().min(1)).default([]),
  /** Base URL people reach opsight at, for links in messages; no acknowledge links without it. */
  publicUrl: z.url().optional(),
  /** How long an acknowledge link works. @default "24h" */
  linkTtl: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(24 * 3_600_000),
  /** Environment variable holding the key acknowledge links are signed with; without it (or linkSecretFile) opsight keeps a random one in its store. */
  linkSecretEnv: z.string().min(1).optional(),
  /** File holding that key. */
  linkSecretFile: z.string().min(1).optional(),
  /** Attempts of one delivery before it is marked failed. @default 6 */
  maxAttempts: z.number().int().min(1).max(50).default(6),
  /** First retry delay of a failed delivery; it doubles with each attempt (with jitter), or waits longer when the receiver's Retry-After asks. @default "5s" */
  retryBase: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(5000),
  /** How often due deliveries, escalations and repeats are looked for. @default "1s" */
  tick: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(1000),
}).superRefine((notify, context) => {
  const receivers = new Map(notify.receivers.map((receiver) => [receiver.name, receiver]));
  const escalations = new Set(notify.escalations.map((policy) => policy.name));
  const schedules = new Set(notify.schedules.map((schedule) => schedule.name));
  const issue = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  if (receivers.size !== notify.receivers.length) issue(['receivers'], 'receiver names must be unique');
  const checkRoute = (node: RouteNode, path: (string | number)[]) => {
    if (node.receiver !== undefined && !receivers.has(node.receiver)) issue([...path, 'receiver'], `no receiver named ${JSON.stringify(node.receiver)}`);
    if (node.escalation !== undefined && !escalations.has(node.escalation)) issue([...path, 'escalation'], `no escalation policy named ${JSON.stringify(node.escalation)}`);
    node.routes.forEach((child, index) => checkRoute(child, [...path, 'routes', index]));
  };
  if (notify.route !== undefined) {
    if (notify.route.receiver === undefined && notify.route.escalation === undefined) issue(['route', 'receiver'], 'the root route needs a receiver or an escalation');
    checkRoute(notify.route, ['route']);
  }
  notify.escalations.forEach((policy, p) => policy.steps.forEach((step, s) => {
    const path = ['escalations', p, 'steps', s];
    if (step.receivers.length === 0 && step.schedule === undefined) issue(path, 'an escalation step needs receivers or a schedule to notify');
    step.receivers.filter((name) => !receivers.has(name)).forEach((name) => issue([...path, 'receivers'], `no receiver named ${JSON.stringify(name)}`));
    if (step.schedule !== undefined && !schedules.has(step.schedule)) issue([...path, 'schedule'], `no schedule named ${JSON.stringify(step.schedule)}`);
    if (policy.repeat > 0 && step.after >= policy.repeatEvery) issue([...path, 'after'], 'must be shorter than the policy\'s repeatEvery');
  }));
  notify.schedules.forEach((schedule, index) => {
    if (receivers.get(schedule.receiver)?.email === undefined) issue(['schedules', index, 'receiver'], `${JSON.stringify(schedule.receiver)} is not an email receiver`);
    schedule.overrides.forEach((override, o) => {
      if (override.end <= override.start) issue(['schedules', index, 'overrides', o, 'end'], 'must be after start');
    });
  });
});
export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
export type { RouteNode as Route };
