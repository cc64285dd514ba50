// CPU per cart pricing with tax rounded per line (issue 17 point 7), beside a bare reference in the same run:
// the rule it replaced (one rounding of the tax on the discounted subtotal plus shipping). CPU µs from
// process.cpuUsage, so the figures hold on a loaded machine. The cart is priced on every cart read and checkout.
// Run from the repository root: npx tsx bench/tax-rounding/run.ts   (BENCH_ITERATIONS=200000)
import { loadavg } from 'node:os';
import { computeTotals } from '../../backend-api/src/modules/pricing/totals';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 200_000);
const shipping = { price: 1299, freeOver: null };

/** The rule before per-line rounding: one tax amount on (subtotal − discount + shipping). */
function reference(lineTotals: readonly number[], discount: number, rate: number) {
  const subtotal = lineTotals.reduce((sum, line) => sum + line, 0);
  const afterDiscount = subtotal - discount;
  const tax = Math.round(((afterDiscount + shipping.price) * rate) / 10_000);
  return afterDiscount + shipping.price + tax;
}

function cpuMicros(run: () => void) {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

let sink = 0;
console.log(
  `tax rounding: ${iterations} pricings per figure; load average ${loadavg()[0]!.toFixed(1)} (machine shared)`,
);
for (const lines of [1, 5, 20]) {
  const lineTotals = Array.from({ length: lines }, (_, i) => 99 * (i + 1) + 6199);
  const discount = Math.floor(lineTotals.reduce((a, b) => a + b, 0) / 10);
  for (const included of [true, false]) {
    const tax = { rateBasisPoints: 1900, included };
    // Warm both up before measuring.
    for (let i = 0; i < 10_000; i++)
      sink += computeTotals({ lineTotals, discount, currency: 'EUR', shipping, tax }).totals.total;
    for (let i = 0; i < 10_000; i++) sink += reference(lineTotals, discount, 1900);
    const perLine = cpuMicros(() => {
      for (let i = 0; i < iterations; i++)
        sink += computeTotals({ lineTotals, discount, currency: 'EUR', shipping, tax }).totals.total;
    });
    const bare = cpuMicros(() => {
      for (let i = 0; i < iterations; i++) sink += reference(lineTotals, discount, 1900);
    });
    console.log(
      `${String(lines).padStart(2)} lines, tax ${included ? 'included' : 'on top  '}: per-line rule ${perLine.toFixed(3)} µs CPU, ` +
        `reference ${bare.toFixed(3)} µs CPU (+${(perLine - bare).toFixed(3)} µs per cart read or checkout)`,
    );
  }
}
if (sink === 42) console.log('');
