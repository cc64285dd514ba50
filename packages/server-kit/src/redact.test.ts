import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('replaces the values of credential parameters and keeps everything else', () => {
    expect(redactUrl('/ws?site=demo&token=abc.def.ghi')).toBe('/ws?site=demo&token=[redacted]');
    expect(redactUrl('/x?Access_Token=1&page=2&writeKey=k#top')).toBe(
      '/x?Access_Token=[redacted]&page=2&writeKey=[redacted]#top',
    );
    expect(redactUrl('/x?%74oken=secret')).toBe('/x?%74oken=[redacted]');
  });

  it('leaves URLs without credentials unchanged', () => {
    expect(redactUrl('/api/reports/overview?site=a&from=b')).toBe('/api/reports/overview?site=a&from=b');
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/x?tokenish=1&token')).toBe('/x?tokenish=1&token');
  });
});
