import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hierarchyOf } from './hierarchy.js';

describe('hierarchyOf', () => {
  it('links a container to its pod, the pod to its service and to its node, from OpenTelemetry resource attributes', () => {
    const attributes = { 'service.name': 'checkout', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'checkout-7f9', 'k8s.container.name': 'app', 'k8s.node.name': 'node-1' };
    assert.deepEqual(hierarchyOf(attributes, 'service:checkout'), [
      { from: 'container:shop/checkout-7f9/app', to: 'pod:shop/checkout-7f9' },
      { from: 'pod:shop/checkout-7f9', to: 'service:checkout' },
      { from: 'pod:shop/checkout-7f9', to: 'host:node-1' },
    ]);
  });

  it('reads Prometheus labels, and takes the entity seen on for its own level', () => {
    const labels = { job: 'kubelet', namespace: 'shop', pod: 'cart-1', container: 'cart', node: 'node-2', service: 'cart' };
    assert.deepEqual(hierarchyOf(labels, 'service:shop-cart'), [
      { from: 'container:shop/cart-1/cart', to: 'pod:shop/cart-1' },
      { from: 'pod:shop/cart-1', to: 'service:shop-cart' },
      { from: 'pod:shop/cart-1', to: 'host:node-2' },
    ]);
  });

  it('skips the pod sandbox container, and links a pod without a service to its node only', () => {
    assert.deepEqual(hierarchyOf({ pod: 'web-1', container: 'POD', node: 'node-1' }, 'pod:default/web-1'), [{ from: 'pod:default/web-1', to: 'host:node-1' }]);
  });

  it('links a service without pods to the host of its instance', () => {
    assert.deepEqual(hierarchyOf({ service: 'billing', instance: 'db-1:9100' }, 'service:billing'), [{ from: 'service:billing', to: 'host:db-1' }]);
  });

  it('gives nothing when the attributes name one level only', () => {
    assert.deepEqual(hierarchyOf({ 'service.name': 'checkout' }, 'service:checkout'), []);
    assert.deepEqual(hierarchyOf({ 'host.name': 'db-1' }, 'host:db-1'), []);
  });
});
