import { createHash } from 'node:crypto';

/**
 * The status page's script: polls `data-url` every `data-refresh-ms`, rebuilds each panel's table with
 * `textContent` only (no HTML from the data), keeps the last data when a poll fails, and, when the data needs
 * a token (401/403), asks for one (or takes it from `#token=` in the URL, never sent to the server) and keeps it
 * in the tab's sessionStorage. Plain ES2017, no dependency: the page works offline and behind any proxy.
 */
const SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  var refreshMs = Number(body.getAttribute('data-refresh-ms')) || 2000;
  var dataUrl = body.getAttribute('data-url');
  var KEY = 'bff-status-token';
  var token = sessionStorage.getItem(KEY) || '';
  function takeTokenFromHash() {
    var fromHash = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (!fromHash) return false;
    token = decodeURIComponent(fromHash[1]);
    sessionStorage.setItem(KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return true;
  }
  takeTokenFromHash();
  var $ = function (id) { return document.getElementById(id); };
  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function setBadge(id, tone, text) {
    var badge = $(id);
    badge.textContent = text;
    badge.setAttribute('data-tone', tone);
  }
  function renderPanel(panel) {
    var section = document.querySelector('section[data-panel="' + panel.name + '"]');
    if (!section) {
      section = make('section', { 'data-panel': panel.name });
      $('panels').appendChild(section);
    }
    var table = make('table');
    var head = make('tr');
    panel.columns.forEach(function (c) { head.appendChild(make('th', { scope: 'col' }, c.label)); });
    table.appendChild(make('thead')).appendChild(head);
    var rows = table.appendChild(make('tbody'));
    panel.rows.forEach(function (row) {
      var tr = make('tr', { 'data-row': row.id, 'data-tone': row.tone || 'ok' });
      panel.columns.forEach(function (c) {
        var value = row.cells[c.key];
        tr.appendChild(make('td', { 'data-cell': c.key }, value === null || value === undefined ? '–' : value));
      });
      rows.appendChild(tr);
    });
    var children = [make('h2', {}, panel.title)];
    if (panel.rows.length > 0) children.push(table);
    else children.push(make('p', { 'class': 'empty' }, 'nothing to show yet'));
    if (panel.note) children.push(make('p', { 'class': 'note' }, panel.note));
    section.replaceChildren.apply(section, children);
  }
  function render(data) {
    $('service').textContent = data.service;
    var tone = data.status === 'ok' ? 'ok' : data.status === 'degraded' ? 'warn' : 'bad';
    setBadge('readiness', tone, data.status);
    $('window').textContent = 'rates over the last ' + Math.round(data.windowMs / 1000) + ' s · updated ' +
      new Date(data.generatedAt).toLocaleTimeString();
    data.panels.forEach(renderPanel);
  }
  function askForToken(status) {
    $('login').hidden = false;
    $('login-reason').textContent = status === 403
      ? 'This token lacks the scope bff:status.'
      : 'The status data needs a token with the scope bff:status.';
  }
  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem(KEY, token);
    $('login').hidden = true;
    poll();
  });
  window.addEventListener('hashchange', function () {
    if (takeTokenFromHash()) {
      $('login').hidden = true;
      poll();
    }
  });
  var timer;
  function poll() {
    clearTimeout(timer);
    var headers = token ? { authorization: 'Bearer ' + token } : {};
    fetch(dataUrl, { headers: headers, cache: 'no-store', credentials: 'omit' })
      .then(function (res) {
        if (res.status === 401 || res.status === 403) {
          setBadge('connection', 'warn', 'needs a token');
          askForToken(res.status);
          return;
        }
        if (!res.ok) {
          setBadge('connection', 'bad', 'HTTP ' + res.status);
          return;
        }
        return res.json().then(function (data) {
          render(data);
          setBadge('connection', 'ok', 'live');
        });
      })
      .catch(function () { setBadge('connection', 'bad', 'disconnected'); })
      .then(function () { timer = setTimeout(poll, refreshMs); });
  }
  poll();
})();
`;

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --line: #8884; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.75rem; margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
.badge { padding: 0.1rem 0.6rem; border-radius: 1rem; font-weight: 600; color: #fff; background: #888; }
.badge[data-tone="ok"] { background: var(--ok); }
.badge[data-tone="warn"] { background: var(--warn); }
.badge[data-tone="bad"] { background: var(--bad); }
#window, .note, .empty { color: #888; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; }
tr[data-tone] td:first-child { border-left: 4px solid transparent; }
tr[data-tone="ok"] td:first-child { border-left-color: var(--ok); }
tr[data-tone="warn"] td:first-child { border-left-color: var(--warn); }
tr[data-tone="bad"] td:first-child { border-left-color: var(--bad); }
tr[data-tone="bad"] { background: #cf222e1a; }
tr[data-tone="warn"] { background: #9a67001a; }
form { margin: 1rem 0; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
form[hidden] { display: none; }
input { font: inherit; padding: 0.3rem; min-width: 24rem; }
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's Content-Security-Policy: nothing may load but its own inline script and style (by hash) and its
 * polls to the same origin.
 */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The status page: one self-contained HTML document (inline CSS and JS, no CDN, no external fetch) that polls
 * its data beside it (`status/data`, relative, so it works behind a path prefix) and renders every panel.
 * @example reply.type('text/html').header('content-security-policy', STATUS_PAGE_CSP).send(renderStatusPage({ service: 'mobile-bff', refreshMs: 2000 }))
 */
export function renderStatusPage(options: { service: string; refreshMs: number }): string {
  const service = escapeHtml(options.service);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${service} · status</title>
<style>${STYLE}</style>
</head>
<body data-url="status/data" data-refresh-ms="${options.refreshMs}">
<header>
<h1 id="service">${service}</h1>
<span class="badge" id="readiness" data-tone="warn">loading</span>
<span class="badge" id="connection" data-tone="warn">connecting</span>
<span id="window"></span>
</header>
<form id="login" hidden>
<span id="login-reason"></span>
<input id="token" type="password" autocomplete="off" placeholder="Bearer token" aria-label="Bearer token">
<button type="submit">Show</button>
</form>
<main id="panels"></main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
