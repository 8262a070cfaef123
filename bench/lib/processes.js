'use strict';
/**
 * Child processes of the benchmark. Each runs in its own process group (detached), so stopping it also stops
 * anything it spawned, and no child outlives the benchmark: see ChildGroup#stopAll and #killAllSync.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const OUTPUT_LINES_KEPT = 40;
const STOP_GRACE_MS = 3000;

/** Sends a signal to a whole process group; ignores groups that are already gone. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/** One started child: its name, the last lines it printed, and a promise of its exit. */
class Child {
  constructor(name, proc) {
    this.name = name;
    this.proc = proc;
    this.lines = [];
    this.exitInfo = undefined;
    this.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    const keep = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.lines.push(line);
        if (this.lines.length > OUTPUT_LINES_KEPT) this.lines.shift();
      }
    };
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
  }

  /** True while the process has not exited. */
  get running() {
    return this.exitInfo === undefined;
  }

  /** The last lines it printed (stdout and stderr), for error messages. */
  output() {
    return this.lines.map((line) => `  [${this.name}] ${line}`).join('\n');
  }
}

/**
 * Starts and tracks children. Example:
 * `const group = new ChildGroup(); const c = group.start('baseline', ['node', 'bench/baseline.js'], { env, cwd });`
 * `await group.stopAll();`
 */
class ChildGroup {
  constructor() {
    this.children = [];
  }

  /** Spawns `command` ([file, ...args]) in a new process group with `env` added to this process's env. */
  start(name, command, { env, cwd }) {
    const [file, ...args] = command;
    const proc = spawn(file, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = new Child(name, proc);
    proc.once('error', (err) => child.lines.push(`spawn failed: ${err.message}`));
    this.children.push(child);
    return child;
  }

  /** SIGTERM to every running child's group, then SIGKILL to those still running after a grace period. */
  async stopAll() {
    const running = this.children.filter((child) => child.running && child.proc.pid);
    for (const child of running) signalGroup(child.proc.pid, 'SIGTERM');
    const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    await Promise.race([Promise.all(running.map((child) => child.exited)), grace]);
    this.killAllSync();
  }

  /** SIGKILL to every child group not known to have exited; synchronous, so safe in process.on('exit'). */
  killAllSync() {
    for (const child of this.children) {
      if (child.proc.pid) signalGroup(child.proc.pid, 'SIGKILL');
    }
  }

  /** Output of every child, for an error report. */
  output() {
    return this.children
      .map((child) => child.output())
      .filter(Boolean)
      .join('\n');
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time (user + system) a process has used, in microseconds, from `/proc/<pid>/stat`; undefined where there is
 * no procfs or the process is gone. Example: `cpuMicros(child.proc.pid) // 1830000`
 */
function cpuMicros(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;
  } catch {
    return undefined;
  }
}

module.exports = { ChildGroup, cpuMicros };
