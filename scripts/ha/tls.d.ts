/** Paths of the certificates {@link generateCertificates} wrote. */
export interface GeneratedCertificates {
  /** The private CA's certificate (the bundle clients and BFFs trust). */
  ca: string;
  /** The server certificate, signed by the CA, for `localhost` and `127.0.0.1`. */
  cert: string;
  key: string;
}

export function generateCertificates(dir: string, options?: { hosts?: string[] }): GeneratedCertificates;
