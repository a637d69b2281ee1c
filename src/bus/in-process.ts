/**
 * The in-process bus. With a journal (the store) messages are written before `publish` resolves
 * and replayed to each consumer after a restart until acknowledged; without one it is memory only.
 * Each consumer has one ordered queue per partition and handles one message of a partition at a time.
 */
import type { JournalRepository } from '../store/types.js';
import type { Bus, Delivery, Handler, Journaled, Message, Subscription } from './types.js';
import type { Topics } from './topics.js';
import { appendToJournal } from './journal.js';
import { partitionOf } from './types.js';

export interface InProcessBusOptions {
  journal?: JournalRepository;
  /** Topics written to the journal; others are memory only (high-volume telemetry). @default every topic */
  durableTopics?: readonly string[];
  /** @default 16 */
  partitions?: number;
  /** Redelivery when a handler neither acks nor naks. @default 30000 */
  ackWaitMs?: number;
  /** Base of the exponential redelivery backoff after a failure, capped at 30 s. @default 100 */
  backoffMs?: number;
  /** Called when a handler of `consumer` throws (the message will be redelivered). */
  onError?: (error: unknown, delivery: Delivery, consumer: string) => void;
}

interface Queued {
  seq: number | undefined;
  message: Message;
  attempt: number;
}

class Consumer implements Subscription {
  private readonly queues: Queued[][];
  private readonly busy: boolean[];
  private readonly queuedSeqs = new Set<number>();
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  pending = 0;

  constructor(
    private readonly topic: string,
    readonly name: string,
    private readonly handler: Handler,
    private readonly options: Required<Omit<InProcessBusOptions, 'journal' | 'onError' | 'durableTopics'>> & InProcessBusOptions,
  ) {
    this.queues = Array.from({ length: options.partitions }, () => []);
    this.busy = Array.from({ length: options.partitions }, () => false);
  }

  enqueue(message: Message, seq: number | undefined): void {
    if (this.closed || (seq !== undefined && this.queuedSeqs.has(seq))) return;
    if (seq !== undefined) this.queuedSeqs.add(seq);
    const partition = partitionOf(message.key, this.options.partitions);
    this.queues[partition]?.push({ seq, message, attempt: 0 });
    this.pending++;
    this.pump(partition);
  }

  private pump(partition: number): void {
    const head = this.queues[partition]?.[0];
    if (this.closed || this.busy[partition] === true || head === undefined) return;
    this.busy[partition] = true;
    head.attempt++;
    this.deliver(partition, head);
  }

  private deliver(partition: number, item: Queued): void {
    let settled = false;
    const settle = (outcome: 'ack' | 'nak', delayMs?: number) => {
      if (settled) return false;
      settled = true;
      this.cancel(ackTimer);
      if (outcome === 'ack') this.completed(partition, item);
      else this.retryLater(partition, delayMs ?? this.backoff(item.attempt));
      return true;
    };
    const delivery: Delivery = {
      ...item.message,
      topic: this.topic,
      attempt: item.attempt,
      ack: async () => {
        if (settled) return;
        if (item.seq !== undefined) await this.options.journal?.ack(this.name, item.seq);
        settle('ack');
      },
      nak: (delayMs) => void settle('nak', delayMs),
    };
    const ackTimer = this.later(() => settle('nak', 0), this.options.ackWaitMs);
    this.handler(delivery).catch((error: unknown) => {
      this.options.onError?.(error, delivery, this.name);
      settle('nak');
    });
  }

  private backoff(attempt: number): number {
    return Math.min(30_000, this.options.backoffMs * 2 ** Math.min(attempt - 1, 10));
  }

  private retryLater(partition: number, delayMs: number): void {
    this.later(() => {
      this.busy[partition] = false;
      this.pump(partition);
    }, delayMs);
  }

  private later(run: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private completed(partition: number, item: Queued): void {
    this.queues[partition]?.shift();
    if (item.seq !== undefined) this.queuedSeqs.delete(item.seq);
    this.pending--;
    this.busy[partition] = false;
    if (this.pending === 0) this.releaseWaiters();
    this.pump(partition);
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.releaseWaiters();
    return Promise.resolve();
  }
}

export class InProcessBus<M = Topics> implements Bus<M> {
  private readonly consumers = new Map<string, Consumer[]>();
  private readonly options: Required<Omit<InProcessBusOptions, 'journal' | 'onError' | 'durableTopics'>> & InProcessBusOptions;

  constructor(options: InProcessBusOptions = {}, private readonly now: () => number = Date.now) {
    this.options = { partitions: 16, ackWaitMs: 30_000, backoffMs: 100, ...options };
  }

  get partitions(): number {
    return this.options.partitions;
  }

  async publish<K extends keyof M & string>(topic: K, messages: readonly Message<M[K]>[]): Promise<void> {
    if (messages.length === 0) return;
    const journal = this.isDurable(topic) ? this.options.journal : undefined;
    if (journal !== undefined) {
      this.deliverJournaled(topic, await appendToJournal(journal, topic, messages, this.now()));
      return;
    }
    for (const consumer of this.consumers.get(topic) ?? []) {
      for (const message of messages) consumer.enqueue(message, undefined);
    }
  }

  deliverJournaled<K extends keyof M & string>(topic: K, entries: readonly Journaled<M[K]>[]): void {
    for (const consumer of this.consumers.get(topic) ?? []) {
      for (const { seq, message } of entries) consumer.enqueue(message, seq);
    }
  }

  private isDurable(topic: string): boolean {
    return this.options.journal !== undefined && (this.options.durableTopics?.includes(topic) ?? true);
  }

  async subscribe<K extends keyof M & string>(topic: K, name: string, handler: Handler<M[K]>): Promise<Subscription> {
    const consumer = new Consumer(topic, name, handler as Handler, this.options);
    this.consumers.set(topic, [...(this.consumers.get(topic) ?? []), consumer]);
    await this.replay(topic, name, consumer);
    return consumer;
  }

  /** Queues what the journal holds for this consumer and it has not acknowledged. */
  private async replay(topic: string, name: string, consumer: Consumer): Promise<void> {
    const journal = this.isDurable(topic) ? this.options.journal : undefined;
    if (journal === undefined) return;
    const pageSize = 1000;
    let lastSeq = 0;
    for (;;) {
      const page = await journal.pending(topic, name, lastSeq, pageSize);
      for (const entry of page) {
        consumer.enqueue({ id: entry.messageId, key: entry.key, payload: JSON.parse(entry.payload) as unknown }, entry.seq);
        lastSeq = entry.seq;
      }
      if (page.length < pageSize) return;
    }
  }

  /** Deletes journal entries every consumer of the topic has acknowledged, and those of durable topics no one reads. */
  async compact(): Promise<number> {
    const journal = this.options.journal;
    if (journal === undefined) return 0;
    let removed = 0;
    for (const topic of new Set([...this.consumers.keys(), ...(this.options.durableTopics ?? [])])) {
      removed += await journal.prune(topic, [...new Set((this.consumers.get(topic) ?? []).map((c) => c.name))]);
    }
    return removed;
  }

  depth(topic: keyof M & string): number {
    return Math.max(0, ...(this.consumers.get(topic) ?? []).map((consumer) => consumer.pending));
  }

  async close(): Promise<void> {
    for (const consumers of this.consumers.values()) await Promise.all(consumers.map((consumer) => consumer.close()));
    this.consumers.clear();
  }
}
