import { systemClock, type Clock } from '@bff/core';
import type { JobAdmission, JobStore } from './job-store.interface';
import { ACTIVE_JOB_STATUSES, type JobRecord } from './job.types';

interface Entry {
  record: JobRecord;
  expiresAt: number;
  results: Map<string, string[]>;
}

/**
 * The in-process {@link JobStore}: the same semantics as Redis' (admission, owner scoping, retention) for one
 * process; everything is lost when it stops. Expired records are swept on each admission.
 */
export class MemoryJobStore implements JobStore {
  readonly durable = false;
  private readonly entries = new Map<string, Entry>();
  /** Active job ids per owner, with the time each slot lapses. */
  private readonly slots = new Map<string, Map<string, number>>();

  constructor(private readonly clock: Clock = systemClock) {}

  async admit(record: JobRecord, admission: JobAdmission): Promise<boolean> {
    const now = this.clock.now();
    this.sweep(now);
    const slots = this.slots.get(record.owner) ?? new Map<string, number>();
    for (const [id, lapsesAt] of slots) if (lapsesAt <= now) slots.delete(id);
    if (slots.size >= admission.maxActive) return false;
    slots.set(record.id, now + admission.slotTtlMs);
    this.slots.set(record.owner, slots);
    this.entries.set(key(record.owner, record.id), {
      record: structuredClone(record),
      expiresAt: now + admission.retentionMs,
      results: new Map(),
    });
    return true;
  }

  async get(owner: string, id: string): Promise<JobRecord | undefined> {
    const entry = this.live(owner, id);
    return entry && structuredClone(entry.record);
  }

  async save(record: JobRecord, retentionMs: number): Promise<void> {
    const entry = this.live(record.owner, record.id);
    if (!entry) return; // expired meanwhile: nobody can see it any more
    entry.record = structuredClone(record);
    entry.expiresAt = this.clock.now() + retentionMs;
    if (!ACTIVE_JOB_STATUSES.has(record.status)) this.slots.get(record.owner)?.delete(record.id);
  }

  /** Appends chunks; they expire with their record (`retentionMs` is the record's, renewed by `save`). */
  async append(
    record: JobRecord,
    attempt: string,
    chunks: readonly string[],
    _retentionMs?: number,
  ): Promise<void> {
    const entry = this.live(record.owner, record.id);
    if (!entry) return;
    const result = entry.results.get(attempt);
    if (result) result.push(...chunks);
    else entry.results.set(attempt, [...chunks]);
  }

  async *read(record: JobRecord, attempt: string): AsyncIterable<string> {
    const chunks = this.live(record.owner, record.id)?.results.get(attempt) ?? [];
    for (const chunk of chunks) yield chunk;
  }

  async discard(record: JobRecord, attempt: string): Promise<void> {
    this.live(record.owner, record.id)?.results.delete(attempt);
  }

  private live(owner: string, id: string): Entry | undefined {
    const entry = this.entries.get(key(owner, id));
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key(owner, id));
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const [k, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(k);
  }
}

function key(owner: string, id: string): string {
  return `${owner}\u0000${id}`;
}
