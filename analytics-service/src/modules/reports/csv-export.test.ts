import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  removeIsolated,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const HYPERLINK = '=HYPERLINK("http://evil.example","click")';
const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
let token = '';

beforeAll(async () => {
  await app.ready();
  token = await staffToken(config);
});
afterAll(async () => {
  await app.close();
  await removeIsolated(config);
});

const csvReport = async (path: string) => {
  const now = Date.now();
  const response = await app.inject({
    method: 'GET',
    url: `/api/reports/${path}`,
    query: {
      site: SITE,
      from: new Date(now - 86_400_000).toISOString(),
      to: new Date(now + 86_400_000).toISOString(),
      granularity: 'hour',
      format: 'csv',
    },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.body;
};

describe('report CSV exports', () => {
  it('write a formula sent by a visitor as text a spreadsheet will not run', async () => {
    const tracked = await app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA },
      payload: JSON.stringify({
        writeKey: WRITE_KEY,
        batch: [
          {
            type: 'page',
            messageId: 'formula-page-1',
            timestamp: new Date().toISOString(),
            properties: {},
            context: {
              page: { url: 'https://shop.example/x', path: HYPERLINK, referrer: '', title: HYPERLINK },
            },
          },
        ],
      }),
    });
    expect(tracked.statusCode, tracked.body).toBe(202);

    // A bucket exists (with zeros) a moment before its increment lands: wait for the counted row.
    const pages = await waitFor(
      () => csvReport('breakdown/page'),
      (csv) => csv.includes('HYPERLINK') && /,1,1\s*$/m.test(csv),
    );
    expect(pages).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(pages).not.toMatch(/(^|,)"?=HYPERLINK/m);
    // Still one cell per column, and the numbers are numbers.
    expect(parse(pages, { columns: true })).toEqual([{ key: `'${HYPERLINK}`, pageviews: '1', events: '1' }]);

    const entries = await waitFor(
      () => csvReport('entry-pages'),
      (csv) => csv.includes('""click"")",1'),
    );
    expect(entries).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",1`);
  });
});
