// Small helpers shared by the dev, test and infra scripts (plain Node, no dependencies: they run
// before `npm install` may have happened).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const colours = [36, 35, 33, 32, 34, 31, 96, 95];
export const paint = (code, text) =>
  process.stdout.isTTY || process.env.FORCE_COLOR ? `\x1b[${code}m${text}\x1b[0m` : text;
export const say = (text) => console.log(`${paint(1, '[shopstream]')} ${text}`);

/** Runs a command to completion with inherited output; returns its exit code. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status ?? 1;
}

export async function waitForUrl(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** True when node_modules is missing or older than package-lock.json. */
export function dependenciesStale() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs + 1000;
}

export function dockerEngineAnswers() {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    stdio: 'pipe',
    timeout: 5000,
  });
  return result.status === 0;
}

/**
 * Starts labelled processes, each in its own process group so that stopping them stops their
 * children too (next, vite and tsx each fork). Returns a stop function that waits for all to exit.
 */
export function startLabelled(processes) {
  const width = Math.max(...processes.map((p) => p.name.length));
  const children = processes.map((p, index) => {
    const label = paint(colours[index % colours.length], p.name.padEnd(width));
    const child = spawn(p.command, p.args, {
      cwd: p.cwd ?? root,
      env: { ...process.env, FORCE_COLOR: '1', NEXT_TELEMETRY_DISABLED: '1', ...p.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(`${label} │ ${line}\n`);
      });
    }
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.on('exit', (code, signal) => {
      if (!child.stopping) process.stdout.write(`${label} │ exited (${signal ?? code})\n`);
    });
    return child;
  });

  const signalGroup = (child, signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };

  async function stop() {
    for (const child of children) {
      child.stopping = true;
      signalGroup(child, 'SIGTERM');
    }
    const timeout = new Promise((resolve) => setTimeout(resolve, 8000));
    await Promise.race([Promise.all(children.map((c) => c.exited)), timeout]);
    // Whatever ignored SIGTERM (or a grandchild left in the group) does not survive us.
    for (const child of children) signalGroup(child, 'SIGKILL');
  }

  return { children, stop };
}

/**
 * Starts the labelled processes and stops them all on Ctrl-C or SIGTERM, then exits.
 * `stopping()` says whether that has begun (a caller waiting for the apps then exits quietly).
 */
export function startUntilSignal(processes) {
  const { stop } = startLabelled(processes);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping all apps');
    await stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return { stopping: () => stopping };
}
