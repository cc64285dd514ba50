import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** stripe-mock's binary: STRIPE_MOCK_BIN, else the one `npm run provision` builds into `.local/bin`, else PATH's. */
function stripeMockBinary() {
  if (process.env.STRIPE_MOCK_BIN) return process.env.STRIPE_MOCK_BIN;
  const provisioned = fileURLToPath(new URL('../../../.local/bin/stripe-mock', import.meta.url));
  return existsSync(provisioned) ? provisioned : 'stripe-mock';
}

export interface FixtureStripeMock {
  /** The Unix socket it answers HTTP on (no TCP port taken). */
  socketPath: string;
  close(): Promise<void>;
}

/**
 * A stripe-mock of the test's own that answers these resource fixtures (`{ payment_intent: {...} }`) instead of
 * its bundled ones, through its `-fixtures` flag. stripe-mock is stateless and its bundled PaymentIntent is
 * always `requires_payment_method`; a fixture is its one way to answer another status. It still does the rest
 * itself: routing, request validation against Stripe's OpenAPI spec, and the requested id put into the answer.
 */
export async function startStripeMockWithFixtures(
  resources: Record<string, Record<string, unknown>>,
): Promise<FixtureStripeMock> {
  const dir = await mkdtemp(join(tmpdir(), 'stripe-mock-'));
  const fixtures = join(dir, 'fixtures.json');
  const socketPath = join(dir, 'http.sock');
  await writeFile(fixtures, JSON.stringify({ resources }));
  const binary = stripeMockBinary();
  const child = spawn(binary, ['-fixtures', fixtures, '-http-unix', socketPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`stripe-mock did not start in 30 s: ${output}`)),
        30_000,
      );
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Listening for HTTP on Unix socket')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new Error(
            `cannot run stripe-mock (${binary}): ${error.message}; run npm run provision, or set STRIPE_MOCK_BIN`,
          ),
        );
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`stripe-mock exited with ${code}: ${output}`));
      });
    });
  } catch (error) {
    child.kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    socketPath,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
