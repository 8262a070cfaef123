import { FakeClock } from '@bff/core';
import { MemoryJobStore, type JobRecord } from '@bff/jobs';

const admission = { maxActive: 2, slotTtlMs: 60_000, retentionMs: 600_000 };

function job(id: string, owner = 'partner-a'): JobRecord {
  return {
    id,
    owner,
    kind: 'k',
    input: {},
    status: 'queued',
    progress: { done: 0 },
    createdAt: 0,
    updatedAt: 0,
  };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('MemoryJobStore', () => {
  let clock: FakeClock;
  let store: MemoryJobStore;
  beforeEach(() => {
    clock = new FakeClock();
    store = new MemoryJobStore(clock);
  });

  it('admits up to maxActive active jobs per owner; a final status frees a slot; owners do not share slots', async () => {
    expect(await store.admit(job('1'), admission)).toBe(true);
    expect(await store.admit(job('2'), admission)).toBe(true);
    expect(await store.admit(job('3'), admission)).toBe(false);
    expect(await store.get('partner-a', '3')).toBeUndefined(); // a refused job leaves nothing behind
    expect(await store.admit(job('4', 'partner-b'), admission)).toBe(true);

    await store.save({ ...job('1'), status: 'running' }, admission.retentionMs);
    expect(await store.admit(job('5'), admission)).toBe(false); // running still holds its slot
    await store.save({ ...job('1'), status: 'succeeded' }, admission.retentionMs);
    expect(await store.admit(job('5'), admission)).toBe(true);
  });

  it('lets a slot lapse after slotTtlMs, so a lost job cannot hold it forever', async () => {
    await store.admit(job('1'), admission);
    await store.admit(job('2'), admission);
    clock.advance(59_999);
    expect(await store.admit(job('3'), admission)).toBe(false);
    clock.advance(1);
    expect(await store.admit(job('3'), admission)).toBe(true);
  });

  it('scopes records by owner and forgets a record and its result retentionMs after the last write', async () => {
    const record = job('1');
    await store.admit(record, admission);
    await store.append(record, 'attempt-1', ['a\n', 'b\n'], admission.retentionMs);
    expect(await store.get('partner-b', '1')).toBeUndefined();
    expect(await collect(store.read(record, 'attempt-1'))).toBe('a\nb\n');
    expect(await collect(store.read(record, 'attempt-2'))).toBe('');

    clock.advance(500_000);
    await store.save({ ...record, status: 'succeeded' }, admission.retentionMs); // renews the retention
    clock.advance(500_000);
    expect(await store.get('partner-a', '1')).toMatchObject({ status: 'succeeded' });
    clock.advance(100_000);
    expect(await store.get('partner-a', '1')).toBeUndefined();
    expect(await collect(store.read(record, 'attempt-1'))).toBe('');
  });

  it('returns copies: changing a record read from the store changes nothing stored', async () => {
    await store.admit(job('1'), admission);
    const read = (await store.get('partner-a', '1'))!;
    read.progress.done = 99;
    expect((await store.get('partner-a', '1'))!.progress.done).toBe(0);
  });
});
