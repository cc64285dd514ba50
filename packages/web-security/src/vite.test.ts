import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from './vite';

describe('inline script hashes', () => {
  it('hashes each inline script exactly as written and skips scripts loaded from a file', () => {
    const theme = "\n      document.documentElement.dataset.theme = 'dark';\n    ";
    const html = `<head><script>${theme}</script><script type="module" crossorigin src="/assets/index.js"></script></head>`;
    const expected = createHash('sha256').update(theme).digest('base64');
    expect(inlineScriptHashes(html)).toEqual([`'sha256-${expected}'`]);
  });
});
