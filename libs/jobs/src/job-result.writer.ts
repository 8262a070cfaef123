import type { JobStore } from './job-store.interface';
import type { JobRecord } from './job.types';

/** Bytes buffered before a chunk is written to the store. */
const CHUNK_BYTES = 64 * 1024;

/** Buffers a job's result lines into chunks of about 64 KiB and appends them to the store. */
export class JobResultWriter {
  lines = 0;
  bytes = 0;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(
    private readonly store: JobStore,
    private readonly record: JobRecord,
    private readonly attempt: string,
    private readonly retentionMs: number,
  ) {}

  /**
   * Appends one line; writes a chunk once enough is buffered.
   * @throws TypeError when the line contains a line break (it would split the record)
   */
  async write(line: string): Promise<void> {
    if (/[\r\n]/.test(line)) throw new TypeError('a result line must not contain a line break');
    const text = `${line}\n`;
    const size = Buffer.byteLength(text);
    this.buffer.push(text);
    this.buffered += size;
    this.lines++;
    this.bytes += size;
    if (this.buffered >= CHUNK_BYTES) await this.flush();
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    await this.store.append(this.record, this.attempt, [chunk], this.retentionMs);
  }
}
