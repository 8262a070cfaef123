import { connect } from 'node:net';

/** What came back on a raw socket, up to the server closing it. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  /** From the first byte sent to the socket's close, in milliseconds. */
  elapsedMs: number;
  /** The socket error, if the server reset instead of closing. */
  error?: string;
}

/** Options of {@link rawHttp}. */
export interface RawHttpOptions {
  /**
   * Sent one after another, `intervalMs` apart, until the server closes the socket (a slow client). The
   * first chunk goes out at once.
   */
  chunks?: readonly string[];
  /** Gap between chunks, in milliseconds. Default is 200. */
  intervalMs?: number;
  /** Give up and fail after this long, in milliseconds. Default is 10000. */
  giveUpMs?: number;
}

/**
 * Writes bytes on a raw TCP socket and reads the answer until the server closes the connection: the way to
 * send what an HTTP client would refuse to (oversized or repeated headers, a broken request line) and to
 * behave like a slow client, all of which `inject` would bypass (it never runs Node's HTTP parser).
 * @example await rawHttp(bff.url, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')
 */
export function rawHttp(baseUrl: string, request: string, options: RawHttpOptions = {}): Promise<RawAnswer> {
  const { port, hostname } = new URL(baseUrl);
  const { chunks = [], intervalMs = 200, giveUpMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const received: Buffer[] = [];
    let error: string | undefined;
    let next = 0;
    const socket = connect(Number(port), hostname, function sendRequest() {
      socket.write(request);
    });
    const drip = setInterval(function sendNextChunk() {
      if (next < chunks.length && socket.writable) socket.write(chunks[next++]);
    }, intervalMs);
    const giveUp = setTimeout(function giveUpWaiting() {
      socket.destroy();
      reject(new Error(`no answer within ${giveUpMs} ms`));
    }, giveUpMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    socket.on('close', function answerComplete() {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({
        ...parseAnswer(Buffer.concat(received).toString('utf8')),
        elapsedMs: performance.now() - started,
        error,
      });
    });
  });
}

function parseAnswer(raw: string): Omit<RawAnswer, 'elapsedMs' | 'error'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const text = split === -1 ? '' : raw.slice(split + 4);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body, text };
}
