import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MAILPIT } from './mailpit';

const CHECKOUT = new URL('../..', import.meta.url).pathname;

/**
 * The running Mailpit of the stack, found by its command line (SMTP on :1025), so a journey can stop it and
 * start it again exactly as it was, whoever started it (provision.sh from any checkout). Linux only.
 */
export function findMailpit() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (argv[0]?.endsWith('mailpit') && argv.some((arg) => arg.endsWith(':1025'))) {
      return { pid: Number(entry), argv };
    }
  }
  throw new Error(
    'no local Mailpit process with SMTP on :1025 (compose runs it in Docker: this journey needs provision.sh)',
  );
}

export async function stopMailpit(process_: { pid: number }) {
  process.kill(process_.pid, 'SIGTERM');
  for (let i = 0; i < 100; i += 1) {
    try {
      process.kill(process_.pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Mailpit ${process_.pid} did not stop`);
}

/** Starts Mailpit again with the same arguments, detached (it outlives the test run, as provision's does). */
export async function startMailpit(argv: string[]) {
  // A Mailpit left running by a checkout that has since been removed (an earlier clone) has lost its binary
  // and its folder: it comes back from this checkout's build (provision.sh builds it), in a folder made again.
  const binary = existsSync(argv[0]!) ? argv[0]! : join(CHECKOUT, '.local/bin/mailpit');
  const store = argv.includes('--database') ? argv[argv.indexOf('--database') + 1] : undefined;
  if (store) mkdirSync(dirname(store), { recursive: true });
  const log = openSync(join(tmpdir(), 'mailpit-e2e-restart.log'), 'a');
  const child = spawn(binary, argv.slice(1), { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  closeSync(log);
  // provision.sh keeps the pid beside the store, for `npm run infra:down`.
  if (store && child.pid) writeFileSync(join(dirname(store), 'mailpit.pid'), String(child.pid));
  for (let i = 0; i < 200; i += 1) {
    const ready = await fetch(`${MAILPIT}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child.pid;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Mailpit did not come back');
}
