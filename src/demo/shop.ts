/**
 * The simulated system: an online shop of twelve services (nine instrumented, a PostgreSQL database, a
 * Redis cache and a Kafka broker that send no spans), their pods on three nodes, and who calls whom.
 * Plain data: the simulator reads it, nothing writes it.
 */

export type ServiceRole = 'web' | 'api' | 'db' | 'cache' | 'queue';

/** A call from one service to another: per request of the caller, made with probability `p`. */
export interface CallEdge {
  to: string;
  p: number;
  /** The callee's operation (server span name; the db statement or topic for infrastructure). */
  operation: string;
  /** The caller fails when this call fails; otherwise it carries on without (and logs a warning). */
  critical: boolean;
  /** A message consumed later: the callee's time is not the caller's. */
  async?: true;
}

export interface ServiceModel {
  name: string;
  role: ServiceRole;
  /** Sends spans and logs of its own (databases, caches and brokers are seen through their callers' client spans). */
  instrumented: boolean;
  /** Median time of its own work per request, ms. */
  ownMs: number;
  /** CPU cores a pod burns per request per second, and at rest. */
  cpuPerRequest: number;
  idleCpu: number;
  /** Pod CPU limit, cores; memory limit, bytes; working set at rest, as a share of the limit. */
  cpuLimit: number;
  memoryLimit: number;
  memoryBase: number;
  /** Disk in use at rest, as a share of the volume. */
  diskBase: number;
  language: 'go' | 'java' | 'node' | 'python' | 'infra';
  calls: CallEdge[];
  /** Pods as `name@node`. */
  pods: string[];
}

export const NAMESPACE = 'shop';
/** Requests per second at the frontend at the daily peak. */
export const PEAK_RPS = 40;
/** What a caller waits for a callee that does not answer before it gives up, ms. */
export const CONNECT_TIMEOUT_MS = 1000;

const GiB = 1024 ** 3;

const svc = (model: Omit<ServiceModel, 'cpuLimit' | 'memoryLimit' | 'memoryBase' | 'diskBase' | 'idleCpu'> & Partial<ServiceModel>): ServiceModel => ({
  cpuLimit: 1, memoryLimit: 1 * GiB, memoryBase: 0.35, diskBase: 0.3, idleCpu: 0.02, ...model,
});

const call = (to: string, p: number, operation: string, critical = true): CallEdge => ({ to, p, operation, critical });

export const SHOP: readonly ServiceModel[] = [
  svc({ name: 'frontend', role: 'web', instrumented: true, ownMs: 8, cpuPerRequest: 0.004, language: 'node', pods: ['frontend-7d9f4-abx2q@node-1', 'frontend-7d9f4-k8s7m@node-2', 'frontend-7d9f4-p3l9z@node-3'],
    calls: [call('gateway', 1, 'GET /api')] }),
  svc({ name: 'gateway', role: 'api', instrumented: true, ownMs: 3, cpuPerRequest: 0.003, language: 'go', pods: ['gateway-5c8b7-m2n4d@node-1', 'gateway-5c8b7-x9q1w@node-2'],
    calls: [call('auth', 0.45, 'POST /verify'), call('catalog', 0.65, 'GET /products'), call('recommendation', 0.35, 'GET /recommendations', false), call('cart', 0.25, 'POST /cart/items'), call('checkout', 0.12, 'POST /checkout')] }),
  svc({ name: 'auth', role: 'api', instrumented: true, ownMs: 4, cpuPerRequest: 0.006, language: 'go', pods: ['auth-6f7c9-q4r8t@node-2', 'auth-6f7c9-z1v5b@node-3'],
    calls: [call('redis', 1, 'GET session')] }),
  svc({ name: 'catalog', role: 'api', instrumented: true, ownMs: 12, cpuPerRequest: 0.008, language: 'java', memoryLimit: 2 * GiB, memoryBase: 0.55, pods: ['catalog-84d6b-h7j2k@node-1', 'catalog-84d6b-w3e6r@node-3'],
    calls: [call('redis', 0.9, 'GET product', false), call('postgres', 0.3, 'SELECT products')] }),
  svc({ name: 'recommendation', role: 'api', instrumented: true, ownMs: 25, cpuPerRequest: 0.02, language: 'python', memoryBase: 0.5, pods: ['recommendation-9b2a1-c5d8f@node-2', 'recommendation-9b2a1-n6m1p@node-3'],
    calls: [call('catalog', 1, 'GET /products/related')] }),
  svc({ name: 'cart', role: 'api', instrumented: true, ownMs: 6, cpuPerRequest: 0.005, language: 'node', pods: ['cart-3e5d7-b2g9h@node-1', 'cart-3e5d7-t4y7u@node-2'],
    calls: [call('redis', 1, 'HSET cart')] }),
  svc({ name: 'checkout', role: 'api', instrumented: true, ownMs: 15, cpuPerRequest: 0.01, language: 'go', pods: ['checkout-2a4c6-e8r2t@node-2', 'checkout-2a4c6-l1k5j@node-3'],
    calls: [call('cart', 1, 'GET /cart'), call('payment', 1, 'POST /charge'), call('shipping', 1, 'POST /quote'), call('kafka', 1, 'orders')] }),
  svc({ name: 'payment', role: 'api', instrumented: true, ownMs: 40, cpuPerRequest: 0.012, language: 'java', memoryLimit: 2 * GiB, memoryBase: 0.5, pods: ['payment-7b1e3-d6f4g@node-1', 'payment-7b1e3-s9a3q@node-3'],
    calls: [call('postgres', 1, 'INSERT payments')] }),
  svc({ name: 'shipping', role: 'api', instrumented: true, ownMs: 10, cpuPerRequest: 0.006, language: 'python', pods: ['shipping-4d8f2-u7i1o@node-2'],
    calls: [call('postgres', 1, 'SELECT rates')] }),
  svc({ name: 'postgres', role: 'db', instrumented: false, ownMs: 3, cpuPerRequest: 0.004, idleCpu: 0.05, cpuLimit: 2, memoryLimit: 4 * GiB, memoryBase: 0.6, diskBase: 0.55, language: 'infra', pods: ['postgres-0@node-3'], calls: [] }),
  svc({ name: 'redis', role: 'cache', instrumented: false, ownMs: 0.5, cpuPerRequest: 0.0005, memoryBase: 0.4, diskBase: 0.2, language: 'infra', pods: ['redis-0@node-1'], calls: [] }),
  svc({ name: 'kafka', role: 'queue', instrumented: false, ownMs: 2, cpuPerRequest: 0.003, idleCpu: 0.08, cpuLimit: 2, memoryLimit: 4 * GiB, memoryBase: 0.5, diskBase: 0.45, language: 'infra', pods: ['kafka-0@node-2'],
    calls: [{ to: 'shipping', p: 1, operation: 'orders process', critical: false, async: true }] }),
];

export const ENTRY_SERVICE = 'frontend';
/** Routes a user hits at the frontend, and their share of requests. */
export const ENTRY_ROUTES: readonly { route: string; method: string; share: number }[] = [
  { route: '/', method: 'GET', share: 0.4 }, { route: '/product/{id}', method: 'GET', share: 0.3 },
  { route: '/cart', method: 'POST', share: 0.2 }, { route: '/checkout', method: 'POST', share: 0.1 },
];

export function serviceModel(name: string, shop: readonly ServiceModel[] = SHOP): ServiceModel {
  const found = shop.find((service) => service.name === name);
  if (found === undefined) throw new Error(`no service ${name} in the shop (${shop.map((service) => service.name).join(', ')})`);
  return found;
}

/** Services in an order where every callee comes after its callers (the shop's calls form no cycle). */
export function callersFirst(shop: readonly ServiceModel[] = SHOP): ServiceModel[] {
  const order: ServiceModel[] = [];
  const seen = new Set<string>();
  const visit = (service: ServiceModel) => {
    if (seen.has(service.name)) return;
    seen.add(service.name);
    for (const edge of service.calls) visit(serviceModel(edge.to, shop));
    order.push(service);
  };
  for (const service of shop) visit(service);
  return order.reverse();
}

export function podsOf(service: ServiceModel): { pod: string; node: string }[] {
  return service.pods.map((spec) => {
    const [pod = spec, node = 'node-1'] = spec.split('@');
    return { pod, node };
  });
}
