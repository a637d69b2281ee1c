import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '../../signals/index.js';
import { classify, familyOf, type SignalClass } from './classify.js';

/** Real-world series: Prometheus client libraries, node/kube exporters, Spring, gRPC, nginx, OTel semantic conventions. */
const CLASSES: [string, Labels, SignalClass][] = [
  ['http_requests_total', { code: '500', handler: '/api' }, 'errors'],
  ['http_requests_total', { code: '404', handler: '/api' }, 'traffic'],
  ['http_requests_total', { code: '200' }, 'traffic'],
  ['http_server_requests_seconds_count', { status: '503', outcome: 'SERVER_ERROR' }, 'errors'],
  ['http_server_requests_seconds_count', { status: '200', outcome: 'SUCCESS' }, 'traffic'],
  ['grpc_server_handled_total', { grpc_code: 'Unavailable' }, 'errors'],
  ['grpc_server_handled_total', { grpc_code: 'OK' }, 'traffic'],
  ['rpc.server.requests', { 'rpc.grpc.status_code': '14' }, 'errors'],
  ['nginx_ingress_controller_requests', { status: '502' }, 'errors'],
  ['cache_requests_total', { result: 'miss' }, 'traffic'],
  ['http.server.request.duration_count', { 'error.type': 'timeout' }, 'errors'],
  ['kafka_consumer_fetch_errors_total', {}, 'errors'],
  ['node_network_receive_errs_total', { device: 'eth0' }, 'errors'],
  ['mysql_global_status_aborted_connects', {}, 'errors'],
  ['kube_pod_container_status_restarts_total', { container: 'api' }, 'errors'],
  ['app_payment_failures_total', {}, 'errors'],
  ['http_request_duration_seconds_bucket', { le: '0.1' }, 'latency'],
  ['http_request_duration_seconds_bucket', { le: '0.1', code: '500' }, 'latency'],
  ['http_request_duration_seconds', { quantile: '0.99' }, 'latency'],
  ['http_request_duration_seconds_sum', {}, 'latency'],
  ['http_request_duration_seconds_count', {}, 'traffic'],
  ['http_server_requests_seconds_bucket', { le: '0.5' }, 'latency'],
  ['grpc_server_handling_seconds_bucket', { le: '0.005' }, 'latency'],
  ['apiserver_request_duration_seconds', { quantile: '0.9', verb: 'GET' }, 'latency'],
  ['http.server.request.duration', { quantile: '0.5' }, 'latency'],
  ['db.client.operation.duration', {}, 'latency'],
  ['probe_dns_lookup_time_seconds', {}, 'latency'],
  ['response_time_ms', {}, 'latency'],
  ['http_requests_total', {}, 'traffic'],
  ['node_network_receive_bytes_total', { device: 'eth0' }, 'traffic'],
  ['kafka_server_brokertopicmetrics_messagesin_total', {}, 'traffic'],
  ['messaging.client.sent.messages', {}, 'traffic'],
  ['node_cpu_seconds_total', { mode: 'user' }, 'saturation'],
  ['container_cpu_usage_seconds_total', { pod: 'api-1' }, 'saturation'],
  ['container_memory_working_set_bytes', { pod: 'api-1' }, 'saturation'],
  ['node_memory_MemAvailable_bytes', {}, 'saturation'],
  ['node_filesystem_avail_bytes', { mountpoint: '/' }, 'saturation'],
  ['node_disk_io_time_seconds_total', { device: 'sda' }, 'saturation'],
  ['node_load1', {}, 'saturation'],
  ['system.cpu.utilization', {}, 'saturation'],
  ['http.server.active_requests', {}, 'saturation'],
  ['db.client.connections.usage', { state: 'used' }, 'saturation'],
  ['hikaricp_connections_active', {}, 'saturation'],
  ['redis_connected_clients', {}, 'saturation'],
  ['kafka_consumergroup_lag', { topic: 'orders' }, 'saturation'],
  ['tomcat_threads_busy_threads', {}, 'saturation'],
  ['cpu_usage_percent', {}, 'saturation'],
  ['opsight_log_template_mix_shift', { entity: 'service:cart' }, 'behaviour'],
  ['opsight_span_call_order_mix_shift', { service: 'cart' }, 'behaviour'],
  ['go_gc_duration_seconds', { quantile: '0.75' }, 'runtime'],
  ['go_goroutines', {}, 'runtime'],
  ['process_resident_memory_bytes', {}, 'runtime'],
  ['process_cpu_seconds_total', {}, 'runtime'],
  ['jvm_memory_used_bytes', { area: 'heap' }, 'runtime'],
  ['jvm.memory.used', {}, 'runtime'],
  ['jvm_gc_pause_seconds_count', {}, 'runtime'],
  ['nodejs_eventloop_lag_seconds', {}, 'runtime'],
  ['python_gc_collections_total', { generation: '0' }, 'runtime'],
  ['dotnet.gc.collections', {}, 'runtime'],
  ['v8js.gc.duration', {}, 'runtime'],
  ['prometheus_tsdb_head_series', {}, 'runtime'],
  ['scrape_duration_seconds', {}, 'runtime'],
  ['promhttp_metric_handler_requests_total', { code: '500' }, 'runtime'],
  ['otelcol_exporter_sent_spans', {}, 'runtime'],
  ['up', {}, 'other'],
  ['kube_deployment_status_replicas', {}, 'other'],
  ['node_hwmon_temp_celsius', {}, 'other'],
];

void describe('classify', () => {
  for (const [metric, labels, expected] of CLASSES) {
    void it(`${metric}${JSON.stringify(labels)} is ${expected}`, () => {
      assert.equal(classify(metric, labels), expected);
    });
  }
});

void describe('familyOf', () => {
  const same: [string, Labels, string, Labels][] = [
    ['http_request_duration_seconds', { quantile: '0.5', pod: 'a' }, 'http_request_duration_seconds', { quantile: '0.99', pod: 'a' }],
    ['http_request_duration_seconds_bucket', { le: '0.1', pod: 'a' }, 'http_request_duration_seconds', { quantile: '0.99', pod: 'a' }],
    ['http_request_duration_seconds_sum', { pod: 'a' }, 'http_request_duration_seconds', { quantile: '0.9', pod: 'a' }],
    ['cpu_usage_millicores', { pod: 'a' }, 'cpu_usage_percent', { pod: 'a' }],
    ['http.server.request.duration', { quantile: '0.5' }, 'http_server_request_duration_seconds', { quantile: '0.9' }],
    ['http_requests_total', { code: '500', path: '/x' }, 'http_requests_total', { code: '503', path: '/x' }],
    ['memory_used_bytes', {}, 'memory_used_megabytes', {}],
  ];
  for (const [a, aLabels, b, bLabels] of same) {
    void it(`puts ${a}${JSON.stringify(aLabels)} with ${b}${JSON.stringify(bLabels)}`, () => {
      assert.equal(familyOf(a, aLabels), familyOf(b, bLabels));
    });
  }

  const apart: [string, Labels, string, Labels][] = [
    ['cpu_usage_percent', { pod: 'a' }, 'cpu_usage_percent', { pod: 'b' }],
    ['http_request_duration_seconds', { quantile: '0.99' }, 'http_request_duration_seconds_count', {}],
    ['http_requests_total', { code: '500' }, 'http_requests_total', { code: '200' }],
    ['memory_used_bytes', {}, 'memory_free_bytes', {}],
    ['http_requests_total', { code: '200', path: '/a' }, 'http_requests_total', { code: '200', path: '/b' }],
  ];
  for (const [a, aLabels, b, bLabels] of apart) {
    void it(`keeps ${a}${JSON.stringify(aLabels)} apart from ${b}${JSON.stringify(bLabels)}`, () => {
      assert.notEqual(familyOf(a, aLabels), familyOf(b, bLabels));
    });
  }
});
