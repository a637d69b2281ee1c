/** Log lines the shop's services write: mostly routine, some warnings, and the errors a fault or a failing callee causes. */
import type { Rng } from '../bench/fuzz/prng.js';
import type { FaultKind } from './faults.js';
import type { ServiceModel } from './shop.js';

const hex = (rng: Rng, digits: number) => Array.from({ length: digits }, () => rng.int(16).toString(16)).join('');
const amount = (rng: Rng) => (5 + rng.int(30_000) / 100).toFixed(2);

const ROUTINE: Record<string, ((rng: Rng, ms: number) => string)[]> = {
  frontend: [(rng, ms) => `GET /product/${rng.int(900)} 200 ${ms}ms`, (rng, ms) => `GET / 200 ${ms}ms session=${hex(rng, 8)}`, (rng) => `rendered page for session ${hex(rng, 8)}`],
  gateway: [(rng, ms) => `upstream catalog responded 200 in ${ms}ms request_id=${hex(rng, 12)}`, (rng) => `rate limit bucket for client c${rng.int(500)} at ${rng.int(60)}%`],
  auth: [(rng) => `token verified for user u${rng.int(20_000)}`, (rng) => `session ${hex(rng, 8)} refreshed, expires in 3600 s`],
  catalog: [(rng) => `loaded ${1 + rng.int(48)} products from cache`, (rng, ms) => `query products category=${rng.pick(['shoes', 'books', 'garden', 'toys'])} took ${ms} ms`],
  recommendation: [(rng, ms) => `computed ${3 + rng.int(10)} recommendations for user u${rng.int(20_000)} in ${ms} ms`, () => 'model weights up to date'],
  cart: [(rng) => `added item sku-${rng.int(9000)} to cart ${hex(rng, 8)}`, (rng) => `cart ${hex(rng, 8)} holds ${1 + rng.int(9)} items`],
  checkout: [(rng) => `order ${hex(rng, 10)} placed, total ${amount(rng)} EUR`, (rng) => `published order ${hex(rng, 10)} to topic orders`],
  payment: [(rng) => `charge ch_${hex(rng, 12)} authorised for ${amount(rng)} EUR`, (rng, ms) => `card network answered in ${ms} ms`],
  shipping: [(rng) => `quote for ${1 + rng.int(9)} items to zone ${rng.pick(['EU', 'US', 'UK', 'APAC'])}: ${amount(rng)} EUR`, (rng) => `consumed order ${hex(rng, 10)} from orders`],
  postgres: [(rng) => `LOG:  checkpoint complete: wrote ${rng.int(900)} buffers (${rng.int(10)}.${rng.int(10)}%)`, (rng, ms) => `LOG:  duration: ${ms}.${rng.int(1000)} ms  statement: SELECT * FROM products WHERE id = $1`],
  redis: [(rng) => `${rng.int(900)} changes in 60 seconds. Saving...`, () => 'Background saving terminated with success'],
  kafka: [(rng) => `[Log partition=orders-${rng.int(6)}] Rolled new log segment`, (rng) => `[GroupCoordinator 1]: Member shipping-${hex(rng, 6)} in group shipping has joined`],
};

const WARNINGS: ((rng: Rng, service: ServiceModel) => string)[] = [
  (rng) => `connection pool at ${70 + rng.int(25)}% capacity`,
  (rng, service) => `retrying call to ${service.calls[0]?.to ?? 'upstream'} (attempt 2) after ${50 + rng.int(200)} ms`,
  (rng) => `GC pause of ${100 + rng.int(300)} ms`,
];

const EXCEPTIONS: Record<ServiceModel['language'], (rng: Rng, service: ServiceModel) => string> = {
  java: (rng, s) => `java.lang.NullPointerException: Cannot invoke "Product.getPrice()" because "item" is null\n\tat com.shop.${s.name}.Handler.process(Handler.java:${100 + rng.int(200)})\n\tat com.shop.${s.name}.Server.handle(Server.java:88)`,
  go: (rng, s) => `panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation addr=0x${hex(rng, 4)}]\ngoroutine ${rng.int(900)} [running]:\nshop/${s.name}/internal/handler.(*Server).Handle(...)`,
  node: (rng, s) => `TypeError: Cannot read properties of undefined (reading 'items')\n    at ${s.name}/src/handler.js:${10 + rng.int(200)}:17`,
  python: (rng, s) => `Traceback (most recent call last):\n  File "/app/${s.name}/handler.py", line ${10 + rng.int(300)}, in handle\nKeyError: 'sku'`,
  infra: (_rng, s) => `FATAL:  ${s.name} internal error, terminating connection`,
};

export function routineLine(rng: Rng, service: ServiceModel, ms: number): string {
  const templates = ROUTINE[service.name] ?? [(r: Rng, m: number) => `request ${hex(r, 8)} handled in ${m} ms`];
  return rng.pick(templates)(rng, Math.max(1, Math.round(ms)));
}

export function warningLine(rng: Rng, service: ServiceModel): string {
  return rng.pick(WARNINGS)(rng, service);
}

export function slowLine(rng: Rng, operation: string, ms: number): string {
  return `slow request ${operation} took ${Math.round(ms)} ms (threshold 500 ms)${rng.chance(0.5) ? '' : ', client kept waiting'}`;
}

/** An error the service itself causes, as its language and the fault write it. */
export function ownErrorLine(rng: Rng, service: ServiceModel, kind: FaultKind | undefined, operation: string): string {
  if (kind === 'disk-fill') return `could not write to /var/lib/${service.name}/data/${hex(rng, 6)}: No space left on device`;
  if (kind === 'memory-leak') return `container ${service.name} restarted after OOMKilled (exit code 137)`;
  if (kind === 'cpu') return `request ${operation} timed out after 1000 ms: worker pool exhausted`;
  if (kind === 'exceptions' || kind === 'bad-deploy') return EXCEPTIONS[service.language](rng, service);
  return `request ${operation} failed: 500 Internal Server Error (request_id=${hex(rng, 12)})`;
}

/** An error from a callee: how the caller reports it. */
export function calleeErrorLine(rng: Rng, callee: ServiceModel, down: boolean): string {
  if (down && callee.role === 'db') return `could not connect to server: Connection refused. Is the server running on host "${callee.name}" and accepting TCP/IP connections on port 5432?`;
  if (down && callee.role === 'cache') return `Error: connect ECONNREFUSED ${callee.name}:6379`;
  if (down && callee.role === 'queue') return `org.apache.kafka.common.errors.TimeoutException: Topic orders not present in metadata after 1000 ms.`;
  if (down) return `call to ${callee.name} failed: context deadline exceeded after 1000 ms`;
  return `call to ${callee.name} failed: 503 Service Unavailable (request_id=${hex(rng, 12)})`;
}
