import type { ConversionMatch, EventInput } from '@shopstream/contracts';
import { EcommerceEvent } from '@shopstream/contracts';

/** A small deterministic PRNG (mulberry32): the same seed plays the same traffic. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const CATALOG = [
  { id: 'prod-mug', name: 'Enamel Mug', price: 1299 },
  { id: 'prod-tee', name: 'Organic Tee', price: 2499 },
  { id: 'prod-cap', name: 'Canvas Cap', price: 1999 },
  { id: 'prod-bag', name: 'Tote Bag', price: 1599 },
  { id: 'prod-socks', name: 'Wool Socks', price: 899 },
  { id: 'prod-hoodie', name: 'Zip Hoodie', price: 5999 },
] as const;

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
];
/**
 * Where the simulated shoppers come from: for each country, /16 networks the shipped country database
 * places wholly in it (checked by `shopper-sessions.test.ts`). One shopper in ten comes from a private
 * address, which names no country.
 */
export const COUNTRY_NETWORKS: ReadonlyArray<{ country: string; weight: number; networks: string[] }> = [
  { country: 'DE', weight: 25, networks: ['2.28', '2.30', '2.160'] },
  { country: 'US', weight: 20, networks: ['2.0', '2.1', '2.2'] },
  { country: 'GB', weight: 12, networks: ['1.186', '2.96', '2.97'] },
  { country: 'FR', weight: 10, networks: ['2.3', '2.4', '2.5'] },
  { country: 'NL', weight: 8, networks: ['2.153', '4.175', '4.180'] },
  { country: 'JP', weight: 6, networks: ['1.5', '1.33', '1.66'] },
  { country: 'BR', weight: 5, networks: ['4.160', '4.169', '4.201'] },
  { country: 'IN', weight: 4, networks: ['1.6', '1.7', '1.22'] },
];
const PRIVATE_SHARE = 0.1;

/** The goals the simulation's ground truth counts (`--verify` creates them on the site when missing). */
export const SIMULATED_GOALS: ReadonlyArray<{ name: string; match: ConversionMatch }> = [
  { name: 'Order confirmed', match: { type: 'page', path: '/checkout/confirmation' } },
  { name: 'Added to cart', match: { type: 'event', event: EcommerceEvent.ProductAdded } },
  { name: 'Viewed a product page', match: { type: 'page', path: '/products/*' } },
];

/**
 * Whether an event completes a simulated goal, as the ground truth reads it (apart from the service's own
 * matcher): an event goal by the track call's name, a page goal by the exact path or one `/*` segment.
 */
export function completesSimulatedGoal(
  goal: { match: ConversionMatch },
  event: { type: string; name?: string | undefined; path?: string | undefined },
): boolean {
  if (goal.match.type === 'event') return event.type === 'track' && event.name === goal.match.event;
  if (event.type !== 'page') return false;
  const path = event.path ?? '';
  return goal.match.path.endsWith('/*')
    ? path.startsWith(goal.match.path.slice(0, -1)) && !path.slice(goal.match.path.length - 1).includes('/')
    : path === goal.match.path;
}

/** The default purchase funnel's steps, as the simulated storefront reaches them. */
const PURCHASE_STEPS: ReadonlyArray<(event: EventInput) => boolean> = [
  (event) => event.event === EcommerceEvent.ProductViewed,
  (event) => event.event === EcommerceEvent.ProductAdded,
  (event) => event.event === EcommerceEvent.CheckoutStarted,
  (event) => event.type === 'page' && event.page?.path === '/checkout/confirmation',
];

function addressOf(random: ReturnType<typeof randomSource>): { ip: string; country?: string } {
  if (random.chance(PRIVATE_SHARE))
    return { ip: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}` };
  const total = COUNTRY_NETWORKS.reduce((sum, c) => sum + c.weight, 0);
  const draw = random.next() * total;
  let below = 0;
  const origin =
    COUNTRY_NETWORKS.find((c) => {
      below += c.weight;
      return draw < below;
    }) ?? COUNTRY_NETWORKS[0]!;
  return {
    ip: `${random.pick(origin.networks)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    country: origin.country,
  };
}

/** What each agent is, as any user-agent parser names it: the filterable session log's ground truth. */
export const AGENT_FACTS: Record<string, { device: string; browser: string; os: string }> = {
  [AGENTS[0]!]: { device: 'desktop', browser: 'Chrome', os: 'Windows' },
  [AGENTS[1]!]: { device: 'desktop', browser: 'Safari', os: 'macOS' },
  [AGENTS[2]!]: { device: 'mobile', browser: 'Mobile Safari', os: 'iOS' },
  [AGENTS[3]!]: { device: 'mobile', browser: 'Mobile Chrome', os: 'Android' },
  [AGENTS[4]!]: { device: 'desktop', browser: 'Firefox', os: 'Linux' },
};
const REFERRERS = ['', '', 'https://www.google.com/', 'https://duckduckgo.com/', 'https://news.example/'];
/** Campaigns a session may arrive with (drawn from the second source, so older seeds play the same). */
const CAMPAIGNS = [
  { source: 'newsletter', medium: 'email', campaign: 'autumn' },
  { source: 'newsletter', medium: 'email', campaign: 'autumn', content: 'header-link' },
  { source: 'instagram', medium: 'social', campaign: 'winter', term: 'tote', content: 'reel' },
] as const;
const SOCIAL_REFERRER = 'https://l.instagram.com/';

/** One session as the filtered reports must see it: its dimensions, its events and what they add up to. */
export interface SessionLogEntry {
  sessionId: string;
  /** The visitor as the service counts it cookieless: the same day, address and agent. */
  visitor: string;
  day: string;
  /** Host of the entry pageview's referrer, `(direct)` without one. */
  referrer: string;
  utm: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>>;
  device: string;
  browser: string;
  os: string;
  entryPage: string;
  exitPage: string;
  /** Seconds from the first pageview to the last. */
  durationMs: number;
  /** In the order they happened; `server` for the server's order events (no country, another visitor id). */
  events: Array<{ type: 'page' | 'track'; name: string; path: string; productId?: string; server?: true }>;
  /** The country of the shopper's address, absent for a private one. */
  country?: string;
  orders: number;
  revenue: number;
}
const ORIGIN = 'https://shop.example';

/** One shopper's visit: what the browser sends (with its address) and what the server sends. */
export interface ShopperSession {
  day: string;
  ip: string;
  /** The country the ingest should find for `ip`; none for a private address. */
  country?: string;
  userAgent: string;
  browserEvents: EventInput[];
  serverEvents: EventInput[];
}

export interface GroundTruth {
  products: Record<string, { views: number; adds: number; purchases: number; revenue: number }>;
  days: Record<
    string,
    { pageviews: number; events: number; orders: number; revenue: number; sessions: number; visitors: number }
  >;
  totals: { events: number; pageviews: number; orders: number; revenue: number; sessions: number };
  /** Browser pageviews and events per country (`(unknown)` for private addresses). */
  countries: Record<string, { pageviews: number; events: number }>;
  /** Per simulated goal: completions and distinct visitors. */
  goals: Record<string, { events: number; visitors: number }>;
  /** Visitors at each step of the purchase funnel, in order. */
  funnel: number[];
  /** Daily unique visitors, added up (the overview's figure). */
  visitors: number;
  /** Every session with its dimensions: filters are checked against it. */
  sessionLog: SessionLogEntry[];
}

export interface SimulationOptions {
  seed: number;
  sessions: number;
  /** Sessions start at random times in [from, to). */
  from: Date;
  to: Date;
  /** Prefix of event ids, so runs never collide. */
  runId: string;
}

/** Plays realistic shopper sessions and counts exactly what they should add up to. */
export function simulateShoppers(options: SimulationOptions): {
  sessions: ShopperSession[];
  truth: GroundTruth;
} {
  const random = randomSource(options.seed);
  const truth: GroundTruth = {
    products: Object.fromEntries(CATALOG.map((p) => [p.id, { views: 0, adds: 0, purchases: 0, revenue: 0 }])),
    days: {},
    totals: { events: 0, pageviews: 0, orders: 0, revenue: 0, sessions: 0 },
    countries: {},
    goals: {},
    funnel: [],
    visitors: 0,
    sessionLog: [],
  };
  // Dimensions added later come from a source of their own, so a seed still plays the sessions it used to.
  const dimensions = randomSource(options.seed ^ 0x5eed);
  const span = options.to.getTime() - options.from.getTime();
  const sessions: ShopperSession[] = [];
  let serial = 0;
  const visitorsSeen = new Set<string>();
  for (let s = 0; s < options.sessions; s++) {
    // Sessions end well before `to`, so every event of one session falls on the day it started.
    let at = options.from.getTime() + Math.floor(random.next() * Math.max(1, span - 20 * 60_000));
    const dayStart = Math.floor(at / 86_400_000) * 86_400_000;
    at = Math.min(at, dayStart + 86_400_000 - 20 * 60_000);
    const day = new Date(at).toISOString().slice(0, 10);
    truth.days[day] ??= {
      pageviews: 0,
      events: 0,
      orders: 0,
      revenue: 0,
      sessions: 0,
      visitors: 0,
    };
    const dayTruth = truth.days[day];
    const session: ShopperSession = {
      day,
      ...addressOf(random),
      userAgent: random.pick(AGENTS),
      browserEvents: [],
      serverEvents: [],
    };
    const sessionId = `${options.runId}-s${s}`;
    const nextId = () => `${options.runId}-e${serial++}`;
    const tick = () => {
      at += random.int(2, 90) * 1000;
      return new Date(at).toISOString();
    };
    const count = (pageview: boolean) => {
      dayTruth.events++;
      truth.totals.events++;
      if (pageview) {
        dayTruth.pageviews++;
        truth.totals.pageviews++;
      }
    };
    const tagged = random.chance(0.2);
    const campaign = tagged ? dimensions.pick(CAMPAIGNS) : undefined;
    const utm = campaign
      ? `?${Object.entries(campaign)
          .map(([key, value]) => `utm_${key}=${value}`)
          .join('&')}`
      : '';
    const facts = AGENT_FACTS[session.userAgent]!;
    const log: SessionLogEntry = {
      sessionId,
      visitor: `${day}|${session.ip}|${session.userAgent}`,
      day,
      ...(session.country ? { country: session.country } : {}),
      referrer: '(direct)',
      utm: campaign ? { ...campaign } : {},
      ...facts,
      entryPage: '/',
      exitPage: '/',
      durationMs: 0,
      events: [],
      orders: 0,
      revenue: 0,
    };
    let firstPageAt: number | undefined;
    let lastPageAt = at;
    const page = (path: string, title: string, referrer: string) => {
      log.events.push({ type: 'page', name: 'pageview', path });
      log.exitPage = path;
      session.browserEvents.push({
        id: nextId(),
        type: 'page',
        timestamp: tick(),
        sessionId,
        page: { url: `${ORIGIN}${path}${utm}`, path, referrer, title },
      });
      firstPageAt ??= at;
      lastPageAt = at;
      count(true);
    };
    const track = (event: string, properties: Record<string, unknown>, path: string) => {
      const productId = typeof properties.product_id === 'string' ? properties.product_id : undefined;
      log.events.push({ type: 'track', name: event, path, ...(productId ? { productId } : {}) });
      session.browserEvents.push({
        id: nextId(),
        type: 'track',
        event,
        timestamp: tick(),
        sessionId,
        page: { url: `${ORIGIN}${path}`, path },
        properties: properties as EventInput['properties'],
      });
      count(false);
    };
    dayTruth.sessions++;
    truth.totals.sessions++;
    let landingReferrer = random.pick(REFERRERS);
    if (!landingReferrer && dimensions.chance(0.3)) landingReferrer = SOCIAL_REFERRER;
    if (landingReferrer) log.referrer = new URL(landingReferrer).hostname.replace(/^www\./, '');
    page('/', 'Home', landingReferrer);
    const cart = new Map<string, number>();
    const viewed = random.int(0, 3);
    for (let v = 0; v < viewed; v++) {
      const product = random.pick(CATALOG);
      const path = `/products/${product.id}`;
      page(path, product.name, `${ORIGIN}/`);
      track(
        EcommerceEvent.ProductViewed,
        { product_id: product.id, name: product.name, price: product.price, currency: 'EUR' },
        path,
      );
      truth.products[product.id]!.views++;
      if (random.chance(0.45)) {
        const quantity = random.int(1, 3);
        track(
          EcommerceEvent.ProductAdded,
          { product_id: product.id, name: product.name, price: product.price, quantity, currency: 'EUR' },
          path,
        );
        truth.products[product.id]!.adds++;
        cart.set(product.id, (cart.get(product.id) ?? 0) + quantity);
      }
    }
    if (cart.size && random.chance(0.7)) {
      page('/cart', 'Cart', `${ORIGIN}/`);
      track(EcommerceEvent.CartViewed, {}, '/cart');
      track(EcommerceEvent.CheckoutStarted, {}, '/checkout');
      if (random.chance(0.6)) {
        const lines = [...cart].map(([id, quantity]) => {
          const product = CATALOG.find((p) => p.id === id)!;
          return { product_id: id, name: product.name, price: product.price, quantity };
        });
        const total = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
        const orderId = `${options.runId}-o${s}`;
        session.serverEvents.push({
          id: `order-${orderId}-completed`,
          type: 'track',
          event: EcommerceEvent.OrderCompleted,
          timestamp: tick(),
          userId: `customer-${s}`,
          // backend-api names no browser session; the simulator does, so filtered reports attribute orders.
          sessionId,
          properties: { order_id: orderId, total, revenue: total, currency: 'EUR', products: lines },
        });
        count(false);
        log.events.push({ type: 'track', name: EcommerceEvent.OrderCompleted, path: '', server: true });
        log.orders++;
        log.revenue += total;
        dayTruth.orders++;
        dayTruth.revenue += total;
        truth.totals.orders++;
        truth.totals.revenue += total;
        for (const line of lines) {
          truth.products[line.product_id]!.purchases += line.quantity;
          truth.products[line.product_id]!.revenue += line.price * line.quantity;
        }
        page('/checkout/confirmation', 'Thank you', `${ORIGIN}/checkout`);
      }
    }
    log.durationMs = lastPageAt - (firstPageAt ?? lastPageAt);
    truth.sessionLog.push(log);
    sessions.push(session);
    const visitor = `${day}|${session.ip}|${session.userAgent}`;
    if (!visitorsSeen.has(visitor)) {
      visitorsSeen.add(visitor);
      dayTruth.visitors++;
    }
  }
  Object.assign(
    truth,
    conversionTruthOf(
      sessions.flatMap((session) => [
        { ...session, events: session.browserEvents },
        { ...session, events: session.serverEvents },
      ]),
    ),
  );
  return { sessions, truth };
}

type SentPart = Pick<ShopperSession, 'day' | 'ip' | 'userAgent' | 'country'> & { events: EventInput[] };

const isServerEvent = (event: EventInput) => event.event === EcommerceEvent.OrderCompleted;

/**
 * Countries, goals, the purchase funnel and visitors of what was sent. A browser visitor is the
 * cookieless one the service derives (day, address, agent); the server's orders are their customers'.
 */
function conversionTruthOf(
  sent: SentPart[],
): Pick<GroundTruth, 'countries' | 'goals' | 'funnel' | 'visitors'> {
  const countries: GroundTruth['countries'] = {};
  const byVisitor = new Map<string, EventInput[]>();
  const dailyVisitors = new Set<string>();
  for (const part of sent) {
    for (const event of part.events) {
      const visitor = isServerEvent(event)
        ? `user:${event.userId}`
        : `${part.day}|${part.ip}|${part.userAgent}`;
      // Server events make no visitors (the buckets count browsers only).
      if (!isServerEvent(event)) dailyVisitors.add(`${event.timestamp?.slice(0, 10)}|${visitor}`);
      const list = byVisitor.get(visitor) ?? [];
      byVisitor.set(visitor, list);
      list.push(event);
      if (isServerEvent(event)) continue;
      const key = part.country ?? '(unknown)';
      const country = countries[key] ?? { pageviews: 0, events: 0 };
      countries[key] = country;
      country.events++;
      if (event.type === 'page') country.pageviews++;
    }
  }
  const goals: GroundTruth['goals'] = {};
  for (const goal of SIMULATED_GOALS) {
    const matches = (event: EventInput) =>
      completesSimulatedGoal(goal, { type: event.type, name: event.event, path: event.page?.path });
    const tally = { events: 0, visitors: 0 };
    for (const events of byVisitor.values()) {
      const done = events.filter(matches).length;
      tally.events += done;
      if (done) tally.visitors++;
    }
    goals[goal.name] = tally;
  }
  const funnel = PURCHASE_STEPS.map(() => 0);
  for (const events of byVisitor.values()) {
    const ordered = [...events].sort(
      (a, b) => Date.parse(a.timestamp ?? '') - Date.parse(b.timestamp ?? '') || (a.id! < b.id! ? -1 : 1),
    );
    let reached = 0;
    for (const event of ordered)
      if (reached < PURCHASE_STEPS.length && PURCHASE_STEPS[reached]!(event)) reached++;
    for (let step = 0; step < reached; step++) funnel[step]!++;
  }
  return { countries, goals, funnel, visitors: dailyVisitors.size };
}

/**
 * The ground truth of the events that were actually acknowledged (202): what the reports must show
 * when a run lost some requests for good. `sent` lists the sessions' parts that the service accepted.
 */
export function groundTruthOf(sent: SentPart[]): GroundTruth {
  const truth: GroundTruth = {
    products: Object.fromEntries(CATALOG.map((p) => [p.id, { views: 0, adds: 0, purchases: 0, revenue: 0 }])),
    days: {},
    totals: { events: 0, pageviews: 0, orders: 0, revenue: 0, sessions: 0 },
    ...conversionTruthOf(sent),
    sessionLog: [],
  };
  const visitors = new Set<string>();
  const sessions = new Set<string>();
  for (const part of sent) {
    truth.days[part.day] ??= { pageviews: 0, events: 0, orders: 0, revenue: 0, sessions: 0, visitors: 0 };
    const day = truth.days[part.day]!;
    for (const event of part.events) {
      day.events++;
      truth.totals.events++;
      const properties = (event.properties ?? {}) as Record<string, unknown>;
      const product = truth.products[String(properties.product_id)];
      if (event.type === 'page') {
        day.pageviews++;
        truth.totals.pageviews++;
        const visitor = `${part.day}|${part.ip}|${part.userAgent}`;
        if (!visitors.has(visitor)) {
          visitors.add(visitor);
          day.visitors++;
        }
        if (event.sessionId && !sessions.has(event.sessionId)) {
          sessions.add(event.sessionId);
          day.sessions++;
          truth.totals.sessions++;
        }
      } else if (event.event === EcommerceEvent.ProductViewed && product) product.views++;
      else if (event.event === EcommerceEvent.ProductAdded && product) product.adds++;
      else if (event.event === EcommerceEvent.OrderCompleted) {
        const total = Number(properties.total);
        day.orders++;
        day.revenue += total;
        truth.totals.orders++;
        truth.totals.revenue += total;
        for (const line of properties.products as Array<{
          product_id: string;
          price: number;
          quantity: number;
        }>) {
          const row = truth.products[line.product_id]!;
          row.purchases += line.quantity;
          row.revenue += line.price * line.quantity;
        }
      }
    }
  }
  return truth;
}
