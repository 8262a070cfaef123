'use strict';
/**
 * Active health checks for nginx: polls every replica's `/health/ready` and reports when the set of ready
 * replicas changes, so the launcher renders nginx.conf with the others `down` and reloads it. A replica leaves
 * rotation after `fall` failed probes in a row (a 503 while draining, a refused connection once killed) and
 * comes back after `rise` good ones, as HAProxy's `check fall/rise` do.
 */
const { request } = require('undici');

/**
 * The pure part: consecutive probe results per replica → in rotation or not. Starts with every replica out
 * until it rises (a replica is ready before it is announced).
 * Example: `const t = new ReadinessTracker(3, { fall: 1, rise: 2 }); t.record(0, true); t.record(0, true) // true`.
 */
class ReadinessTracker {
  constructor(count, { fall = 1, rise = 2, initiallyUp = false } = {}) {
    if (!Number.isInteger(fall) || fall < 1) throw new Error('fall must be a positive integer');
    if (!Number.isInteger(rise) || rise < 1) throw new Error('rise must be a positive integer');
    this.fall = fall;
    this.rise = rise;
    this.up = new Array(count).fill(initiallyUp);
    this.streak = new Array(count).fill(0);
  }

  /** Records one probe of replica `i`; returns true when that changed whether it is in rotation. */
  record(i, ok) {
    if (ok === this.up[i]) {
      this.streak[i] = 0;
      return false;
    }
    this.streak[i]++;
    if (this.streak[i] < (ok ? this.rise : this.fall)) return false;
    this.up[i] = ok;
    this.streak[i] = 0;
    return true;
  }
}

/**
 * Probes `targets` (base URLs) every `intervalMs`, one round at a time; calls `onChange(up)` (an array of
 * booleans, by target) after a round that changed any of them. `stop()` ends it.
 * Example: `const gate = new ReadinessGate(urls, { intervalMs: 500, onChange: (up) => reload(up) }); gate.start()`.
 */
class ReadinessGate {
  constructor(
    targets,
    { intervalMs = 500, timeoutMs = Math.max(intervalMs, 2000), fall, rise, initiallyUp, onChange },
  ) {
    this.targets = targets;
    this.intervalMs = intervalMs;
    // A probe may take longer than the interval (a loaded replica answers its readiness slowly, not never):
    // only a probe that has no answer within `timeoutMs` counts as failed.
    this.timeoutMs = timeoutMs;
    this.tracker = new ReadinessTracker(targets.length, { fall, rise, initiallyUp });
    this.onChange = onChange;
    this.running = false;
  }

  /** Whether each target is in rotation now. */
  get up() {
    return [...this.tracker.up];
  }

  start() {
    this.running = true;
    this.loop = this.run();
  }

  async stop() {
    this.running = false;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  async run() {
    while (this.running) {
      const results = await Promise.all(this.targets.map((url) => this.probe(url)));
      let changed = false;
      results.forEach((ok, i) => (changed = this.tracker.record(i, ok) || changed));
      if (changed && this.running) await this.onChange(this.up);
      await new Promise((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.intervalMs);
      });
    }
  }

  async probe(url) {
    try {
      const res = await request(`${url}/health/ready`, {
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        reset: true,
      });
      await res.body.dump();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }
}

module.exports = { ReadinessTracker, ReadinessGate };
