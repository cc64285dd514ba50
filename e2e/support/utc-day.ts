import { test } from './console-guard';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The simulator's live sessions start 20-30 minutes before it runs (so that they end before it does). */
const SIMULATED_PAST = 30 * MINUTE;
/** Longest an analytics journey takes from its simulator run to its last reading of "today". */
const JOURNEY = 15 * MINUTE;

/**
 * The analytics journeys play the simulator's live mode and read "today (UTC)". Until 00:20 UTC every session
 * it plays is yesterday's, until 00:30 some are, and a journey begun just before midnight reads two days. So
 * a journey due between 23:45 and 00:28 UTC waits until 00:28 (at most 43 minutes, once per run: the journeys
 * run one after the other). Specs call `waitAwayFromUtcMidnight()`.
 */
async function awayFromUtcMidnight(log: (message: string) => void = console.log) {
  const intoDay = Date.now() % DAY;
  // From 00:28 UTC at least four fifths of the simulated sessions start today (they start 20-30 minutes back).
  const ready = SIMULATED_PAST - 2 * MINUTE;
  if (intoDay >= ready && intoDay < DAY - JOURNEY) return 0;
  const waitMs = intoDay < ready ? ready - intoDay : DAY - intoDay + ready;
  log(
    `[e2e] ${new Date().toISOString()}: too near midnight UTC for "today"; waiting ${Math.ceil(waitMs / 1000)} s`,
  );
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return waitMs;
}

/** The timeout a `test.beforeAll` calling `awayFromUtcMidnight` needs. */
const AWAY_FROM_MIDNIGHT_TIMEOUT = JOURNEY + SIMULATED_PAST + 5 * MINUTE;

/** In a spec that reads "today (UTC)" of the simulator's live mode: its `beforeAll` waits out midnight. */
export function waitAwayFromUtcMidnight() {
  test.beforeAll(async () => {
    test.setTimeout(AWAY_FROM_MIDNIGHT_TIMEOUT);
    await awayFromUtcMidnight();
  });
}
