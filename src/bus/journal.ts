/** Writing bus messages to the store's journal: what `publish` does for durable topics, and what a stage's outbox does inside its own transaction. */
import type { JournalRepository } from '../store/types.js';
import type { Journaled, Message } from './types.js';

/** Appends `messages` of `topic` to `journal` (the store's, or a transaction's) and pairs each with its sequence. */
export async function appendToJournal<T>(journal: JournalRepository, topic: string, messages: readonly Message<T>[], at: number): Promise<Journaled<T>[]> {
  if (messages.length === 0) return [];
  const seqs = await journal.append(topic, messages.map((m) => ({ key: m.key, messageId: m.id, payload: JSON.stringify(m.payload) })), at);
  return messages.map((message, index) => ({ seq: seqs[index] as number, message }));
}
