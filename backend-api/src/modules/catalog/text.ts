import { createHash } from 'node:crypto';

export const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** A generated demo product picture: a colour from the name's hash and the name as words. */
export function placeholderSvg(name: string) {
  const hue = createHash('sha1').update(name).digest()[0]! * (360 / 256);
  const words = name.split('-').filter(Boolean).slice(0, 6);
  const lines = [words.slice(0, 3).join(' '), words.slice(3).join(' ')].filter(Boolean);
  const text = lines
    .map(
      (line, index) =>
        `<text x="400" y="${400 + (index - (lines.length - 1) / 2) * 56}" font-family="system-ui, sans-serif" font-size="44" fill="#fff" text-anchor="middle" dominant-baseline="middle">${escapeXml(line)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="${escapeXml(words.join(' '))}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue.toFixed(0)} 55% 55%)"/><stop offset="1" stop-color="hsl(${((hue + 40) % 360).toFixed(0)} 60% 35%)"/></linearGradient></defs><rect width="800" height="800" fill="url(#g)"/>${text}</svg>`;
}
