import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The web app's own operations (apps/web-bff/operations), as the client sends them; the e2e suites use these
 * documents instead of copies, so the tested query is the one in the trusted-documents manifest.
 */
export function webOperation(name: string): string {
  return readFileSync(join(__dirname, '../../apps/web-bff/operations', `${name}.graphql`), 'utf8');
}

/** The CONTRACT's viewer query (`query Viewer($first: Int)`), unchanged. */
export const VIEWER_QUERY = webOperation('viewer');
