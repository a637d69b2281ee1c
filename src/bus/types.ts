/**
 * The bus: topics of keyed messages, delivered at least once to each named consumer. Messages
 * with the same key (an entity id) land in the same partition and are delivered in order, one at
 * a time, so one consumer instance owns an entity's state. NATS JetStream fits the same shape.
 */
import type { Topics } from './topics.js';

export interface Message<T = unknown> {
  /** Unique id; consumers use it to apply a message once even when it is delivered twice. */
  id: string;
  /** Partition key: the entity id. */
  key: string;
  payload: T;
}

export interface Delivery<T = unknown> extends Message<T> {
  topic: string;
  /** 1 on first delivery, more on redelivery. */
  attempt: number;
  /** Confirms the message is handled; it will not be delivered to this consumer again. */
  ack(): Promise<void>;
  /** Asks for redelivery after `delayMs` (default: the bus's backoff for this attempt). */
  nak(delayMs?: number): void;
}

export type Handler<T = unknown> = (delivery: Delivery<T>) => Promise<void>;

export interface Subscription {
  /** Messages accepted but not yet acknowledged by this consumer. */
  readonly pending: number;
  /** Resolves when every message delivered so far is acknowledged (for tests and shutdown). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

/** A message a store transaction appended to the journal (an outbox), with the sequence the journal gave it. */
export interface Journaled<T = unknown> {
  seq: number;
  message: Message<T>;
}

/** A bus over the topics of `M` (topic name → payload type); opsight's is `Topics`. */
export interface Bus<M = Topics> {
  /** Partitions of every topic: messages whose keys fall in the same one are delivered in order. */
  readonly partitions: number;
  /** Resolves once the messages are durable: acknowledged messages survive a crash of the process. */
  publish<K extends keyof M & string>(topic: K, messages: readonly Message<M[K]>[]): Promise<void>;
  /**
   * Delivers messages that a store transaction already appended to the journal, once it committed: the outbox
   * of a stage whose writes and messages must land together. Ones never delivered (a crash between the commit
   * and this call) are delivered from the journal when the consumers next subscribe.
   */
  deliverJournaled<K extends keyof M & string>(topic: K, entries: readonly Journaled<M[K]>[]): void;
  /**
   * Delivers every message of `topic` to `handler` under the durable consumer name `consumer`,
   * starting with those published earlier and not yet acknowledged by it. A handler that throws,
   * or neither acks nor naks within the ack wait, gets the message again.
   */
  subscribe<K extends keyof M & string>(topic: K, consumer: string, handler: Handler<M[K]>): Promise<Subscription>;
  /** Messages of `topic` accepted but not yet acknowledged by its slowest consumer. */
  depth(topic: keyof M & string): number;
  close(): Promise<void>;
}

/** FNV-1a over the key: a stable partition for every key, the same in every process. */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
