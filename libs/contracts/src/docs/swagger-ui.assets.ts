import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of swagger-ui-dist the page needs, by name, with their media types; nothing else is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** One served file. */
export interface DocsAsset {
  contentType: string;
  body: Buffer | string;
}

/**
 * Swagger UI's files from the installed `swagger-ui-dist` package (no CDN), read once on first use and kept in
 * memory (about 1.5 MB), plus the page and its initializer, written here: no inline script, so the default
 * Content-Security-Policy (`script-src 'self'`) holds.
 */
export class SwaggerUiAssets {
  private readonly cache = new Map<string, DocsAsset>();

  constructor(
    /** Where the page is mounted, e.g. `/docs`. */
    private readonly base: string,
    /** The documents to offer, newest first: `[{ name: 'v2', url: '/v2/openapi.json' }, ...]`. */
    private readonly documents: readonly { name: string; url: string }[],
  ) {}

  /** The page itself. */
  page(): DocsAsset {
    const css = `${this.base}/swagger-ui.css`;
    return {
      contentType: 'text/html; charset=utf-8',
      body:
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API reference</title>' +
        `<link rel="stylesheet" href="${css}"><link rel="icon" href="${this.base}/favicon-32x32.png"></head>` +
        '<body><div id="swagger-ui"></div>' +
        `<script src="${this.base}/swagger-ui-bundle.js"></script>` +
        `<script src="${this.base}/swagger-ui-standalone-preset.js"></script>` +
        `<script src="${this.base}/swagger-initializer.js"></script></body></html>`,
    };
  }

  /** A named asset, or undefined for any other name. */
  asset(name: string): DocsAsset | undefined {
    if (name === 'swagger-initializer.js') return this.initializer();
    const contentType = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (contentType === undefined) return undefined;
    let asset = this.cache.get(name);
    if (asset === undefined) {
      asset = { contentType, body: readFileSync(join(swaggerUiDir(), name)) };
      this.cache.set(name, asset);
    }
    return asset;
  }

  private initializer(): DocsAsset {
    const config = {
      urls: this.documents,
      dom_id: '#swagger-ui',
      deepLinking: true,
      // no call to the public validator service
      validatorUrl: null,
      layout: 'StandaloneLayout',
    };
    return {
      contentType: 'text/javascript; charset=utf-8',
      body:
        `window.onload = function () {\n  var config = ${JSON.stringify(config)};\n` +
        '  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];\n' +
        '  window.ui = SwaggerUIBundle(config);\n};\n',
    };
  }
}

function swaggerUiDir(): string {
  // absolute-path.js only returns its directory; requiring the package itself would load the whole bundle
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const absolutePath = require('swagger-ui-dist/absolute-path.js') as () => string;
  return absolutePath();
}
