import { createHash, createHmac } from 'node:crypto';
import { isStorableText } from '@shopstream/contracts';
import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

export interface ClientFacts {
  device: string;
  browser: string;
  os: string;
  bot: boolean;
}

const uaCache = new Map<string, ClientFacts>();
const UA_CACHE_SIZE = 2000;

/** Device, browser and OS from a user agent; parsed once per distinct agent (bounded cache). */
export function describeClient(userAgent: string): ClientFacts {
  const cached = uaCache.get(userAgent);
  if (cached) return cached;
  const parsed = UAParser(userAgent);
  const facts: ClientFacts = {
    device: parsed.device.type ?? 'desktop',
    browser: parsed.browser.name ?? 'Unknown',
    os: parsed.os.name ?? 'Unknown',
    bot: !userAgent || isbot(userAgent),
  };
  if (uaCache.size >= UA_CACHE_SIZE) uaCache.delete(uaCache.keys().next().value as string);
  uaCache.set(userAgent, facts);
  return facts;
}

/**
 * Segment's (and compatible) server libraries name themselves `analytics-node/…`, `analytics-node-next/…`,
 * `analytics-python/…`, `analytics-go …`, `analytics-ruby/…`: clients sending on a shop's behalf, not
 * crawlers (isbot classes any unknown library agent as a bot).
 */
const SERVER_SDK_AGENT = /^(analytics|segment|rudder)[-.][a-z0-9.-]*[/ ]/i;

export const isServerSdk = (userAgent: string) => SERVER_SDK_AGENT.test(userAgent);

const saltCache = new Map<string, string>();

/** The salt of one UTC day, derived from the secret: every instance agrees, nothing is stored. */
function dailySalt(secret: string, day: string) {
  const key = `${secret}|${day}`;
  let salt = saltCache.get(key);
  if (!salt) {
    salt = createHmac('sha256', secret).update(day).digest('hex');
    saltCache.clear();
    saltCache.set(key, salt);
  }
  return salt;
}

/** A cookieless visitor id: the IP is hashed with a salt that rotates daily and is never stored. */
export function visitorIdOf(secret: string, at: Date, site: string, ip: string, userAgent: string) {
  const salt = dailySalt(secret, at.toISOString().slice(0, 10));
  return createHash('sha256').update(`${salt}|${site}|${ip}|${userAgent}`).digest('hex').slice(0, 20);
}

/**
 * `compute` of a text, remembered for the `size` latest distinct texts: a shop's pages and referrers
 * repeat from event to event, and parsing a URL costs more than looking it up. Texts over 512 characters
 * are not kept, so the caches stay under a few MB whatever is sent.
 */
function remembered<T>(size: number, compute: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text) as T;
    const value = compute(text);
    if (text.length > 512) return value;
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(text, value);
    return value;
  };
}

const rememberedHostOf = remembered(1000, (url) => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
});
const hostOf = (url: string | undefined) => (url ? rememberedHostOf(url) : undefined);

const rememberedPageHostOf = remembered(1000, (url) => {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host && isStorableText(host) ? host.slice(0, 253) : undefined;
  } catch {
    return undefined;
  }
});

/** The page's host as the browser had it (`shop.example.com`, `www.` kept: it names a host of the site). */
export const pageHostOf = (url: string | undefined) => (url ? rememberedPageHostOf(url) : undefined);

/** The referrer's host, unless it is the site itself (an internal navigation). */
export function referrerHostOf(referrer: string | undefined, pageUrl: string | undefined) {
  const host = hostOf(referrer);
  if (!host || host === hostOf(pageUrl)) return undefined;
  return host.slice(0, 253);
}

const utmOfSearch = remembered(1000, (search) => Object.freeze(utmOfParams(new URLSearchParams(search))));
const utmOfUrl = remembered(1000, (url) => {
  try {
    return Object.freeze(utmOfParams(new URL(url).searchParams));
  } catch {
    return Object.freeze({});
  }
});

/** The `utm_*` parameters of `search` when given, else of the page URL's query. */
export function utmOf(pageUrl: string | undefined, search: string | undefined): Record<string, string> {
  if (search) return { ...utmOfSearch(search) };
  return pageUrl ? { ...utmOfUrl(pageUrl) } : {};
}

function utmOfParams(params: URLSearchParams) {
  const utm: Record<string, string> = {};
  for (const field of ['source', 'medium', 'campaign', 'term', 'content']) {
    // Decoding can make what the raw URL could not hold (`%00` is a NUL): such a value is dropped.
    const value = params.get(`utm_${field}`)?.slice(0, 200);
    if (value && isStorableText(value)) utm[field] = value;
  }
  return utm;
}

const rememberedPathOfUrl = remembered(1000, (url) => {
  try {
    return new URL(url).pathname.slice(0, 1024);
  } catch {
    return undefined;
  }
});

export function pathOf(path: string | undefined, url: string | undefined) {
  if (path) return path.split('?')[0]!.slice(0, 1024);
  return url ? rememberedPathOfUrl(url) : undefined;
}
