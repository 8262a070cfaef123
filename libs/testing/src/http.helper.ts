/** Sends a request and parses a JSON answer; throws with the status and body when the status is not 2xx. */
export async function requestJson<T>(url: string, init: RequestInit & { what: string }): Promise<T> {
  const { what, ...rest } = init;
  const res = await fetch(url, { ...rest, signal: rest.signal ?? AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} failed: ${res.status} ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} answered non-JSON: ${text.slice(0, 300)}`);
  }
}
