import { createHash } from 'node:crypto';

/**
 * The demo catalog's pictures: a drawing of the product's kind (a sneaker, a backpack, a mug…) in the
 * variant's colour, made from the picture's name (`<product-slug>[-<colour>]`), so nothing is downloaded
 * or stored. The seed names one picture per colour of a product.
 */

const COLOURS: Record<string, string> = {
  white: '#f5f5f2',
  black: '#2a2b2f',
  navy: '#22335a',
  grey: '#8d929b',
  olive: '#6f6d3c',
  khaki: '#c2ae88',
  indigo: '#3d4f8e',
  sand: '#d9c5a2',
  forest: '#2f5e3c',
  red: '#b8322c',
  blue: '#3b6db3',
  brass: '#b58f3a',
  rust: '#b3562e',
  sage: '#9db089',
  cream: '#eee4cb',
};

/** Kinds drawn, each found by the words of a product's name (first match wins), with a colour of its own. */
const KINDS: { kind: Kind; words: string[]; colour?: string }[] = [
  { kind: 'backpack', words: ['backpack'] },
  { kind: 'tote', words: ['tote', 'messenger'] },
  { kind: 'duffel', words: ['duffel'] },
  { kind: 'sneaker', words: ['sneakers', 'sneaker'] },
  { kind: 'boot', words: ['boots', 'boot'], colour: '#7a4d2b' },
  { kind: 'sandal', words: ['sandals', 'slides', 'flip', 'sandal'], colour: '#a8744a' },
  { kind: 'sock', words: ['socks', 'sock'], colour: '#9b8f86' },
  { kind: 'hoodie', words: ['hoodie', 'hoodies', 'sweatshirt'] },
  { kind: 'jacket', words: ['jacket', 'jackets', 'raincoat', 'parka', 'windbreaker'] },
  { kind: 'trousers', words: ['trousers', 'chinos', 'jeans', 'joggers'] },
  { kind: 'tshirt', words: ['t-shirt', 'tee', 'shirt', 't-shirts'] },
  { kind: 'cap', words: ['cap'] },
  { kind: 'bucket-hat', words: ['bucket'] },
  { kind: 'beanie', words: ['beanie', 'hats', 'hat'] },
  { kind: 'travel-mug', words: ['travel'] },
  { kind: 'espresso-cup', words: ['espresso', 'cup'] },
  { kind: 'mug', words: ['mug', 'mugs'] },
  { kind: 'floor-lamp', words: ['floor-lamp'] },
  { kind: 'pendant-lamp', words: ['pendant'] },
  { kind: 'desk-lamp', words: ['lamp', 'lamps'] },
  { kind: 'cushion', words: ['cushion', 'cushions', 'pillow'] },
];

type Kind =
  | 'backpack'
  | 'tote'
  | 'duffel'
  | 'sneaker'
  | 'boot'
  | 'sandal'
  | 'sock'
  | 'hoodie'
  | 'jacket'
  | 'trousers'
  | 'tshirt'
  | 'cap'
  | 'bucket-hat'
  | 'beanie'
  | 'travel-mug'
  | 'espresso-cup'
  | 'mug'
  | 'floor-lamp'
  | 'pendant-lamp'
  | 'desk-lamp'
  | 'cushion'
  | 'parcel';

const hex = (value: number) =>
  Math.round(Math.max(0, Math.min(255, value)))
    .toString(16)
    .padStart(2, '0');

/** The colour mixed towards black (amount < 0) or white (amount > 0). */
function shade(colour: string, amount: number): string {
  const rgb = [1, 3, 5].map((index) => Number.parseInt(colour.slice(index, index + 2), 16));
  const target = amount < 0 ? 0 : 255;
  const weight = Math.abs(amount);
  return `#${rgb.map((channel) => hex(channel + (target - channel) * weight)).join('')}`;
}

interface Paint {
  fill: string;
  dark: string;
  light: string;
  line: string;
}

const path = (d: string, fill: string, p: Paint, width = 6) =>
  `<path d="${d}" fill="${fill}" stroke="${p.line}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"/>`;
const line = (d: string, p: Paint, width = 6) =>
  `<path d="${d}" fill="none" stroke="${p.line}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;

const DRAWINGS: Record<Kind, (p: Paint) => string> = {
  tshirt: (p) =>
    path(
      'M270 190 L345 160 Q400 205 455 160 L530 190 L640 285 L585 355 L530 318 L530 640 L270 640 L270 318 L215 355 L160 285 Z',
      p.fill,
      p,
    ) +
    line('M345 160 Q400 235 455 160', p) +
    line('M300 600 L500 600', p, 3),
  hoodie: (p) =>
    path(
      'M260 230 L335 190 L465 190 L540 230 L615 430 L605 610 L555 610 L545 430 L545 660 L255 660 L255 430 L245 610 L195 610 L185 430 Z',
      p.fill,
      p,
    ) +
    path('M335 190 Q400 90 465 190 Q400 250 335 190 Z', p.dark, p) +
    path('M315 520 L485 520 L465 610 L335 610 Z', p.fill, p) +
    line('M380 230 L375 330 M420 230 L425 330', p, 5) +
    line('M255 630 L545 630', p, 3),
  jacket: (p) =>
    path(
      'M265 210 L340 180 L400 230 L460 180 L535 210 L620 430 L605 630 L555 630 L545 430 L545 665 L255 665 L255 430 L245 630 L195 630 L180 430 Z',
      p.fill,
      p,
    ) +
    path('M340 180 L400 230 L372 300 L320 215 Z M460 180 L400 230 L428 300 L480 215 Z', p.dark, p) +
    line('M400 230 L400 665', p, 5) +
    path('M290 470 L370 470 L370 500 L290 500 Z M430 470 L510 470 L510 500 L430 500 Z', p.dark, p, 4),
  trousers: (p) =>
    path('M275 160 L525 160 L565 665 L445 665 L400 320 L355 665 L235 665 Z', p.fill, p) +
    path('M275 160 L525 160 L528 200 L272 200 Z', p.dark, p) +
    line('M400 200 L400 300', p, 4) +
    line('M300 200 Q320 260 285 280 M500 200 Q480 260 515 280', p, 4),
  sneaker: (p) =>
    path(
      'M150 560 L655 560 Q690 560 690 592 L690 602 Q690 625 655 625 L175 625 Q140 625 140 595 Z',
      '#f1f1ee',
      p,
    ) +
    path('M165 560 L185 415 Q255 375 335 398 L425 438 Q530 468 610 478 Q670 490 668 560 Z', p.fill, p) +
    path('M540 470 Q640 478 668 560 L560 560 Q560 500 540 470 Z', p.dark, p, 5) +
    line('M340 410 L310 470 M380 428 L350 488 M420 446 L390 500', p, 6) +
    path('M185 415 L175 470 L215 470 L225 405 Z', p.dark, p, 4) +
    line('M170 585 L665 585', p, 3),
  boot: (p) =>
    path('M260 190 L420 190 L432 468 Q560 478 622 520 Q652 542 652 585 L230 585 Z', p.fill, p) +
    path('M225 585 L655 585 L655 630 L225 630 Z', p.dark, p) +
    path('M260 190 L420 190 L420 230 L260 230 Z', p.dark, p, 5) +
    line('M400 260 L440 260 M400 310 L440 310 M405 360 L445 360 M410 410 L450 410', p, 6) +
    line('M295 200 L295 150 L335 150 L335 200', p, 5),
  sandal: (p) =>
    path(
      'M150 565 Q150 530 195 530 L625 530 Q670 530 670 565 L670 580 Q670 610 625 610 L195 610 Q150 610 150 580 Z',
      p.dark,
      p,
    ) +
    path('M165 540 Q165 515 200 515 L620 515 Q655 515 655 540 L655 545 L165 545 Z', p.light, p, 4) +
    `<path d="M290 515 Q335 400 420 515" fill="none" stroke="${p.fill}" stroke-width="34" stroke-linecap="round"/>` +
    `<path d="M460 515 Q520 425 585 515" fill="none" stroke="${p.fill}" stroke-width="34" stroke-linecap="round"/>`,
  sock: (p) =>
    path(
      'M330 150 L480 150 L480 465 Q480 515 530 535 L610 565 Q665 588 645 640 Q625 685 565 672 L385 625 Q330 610 330 550 Z',
      p.fill,
      p,
    ) +
    path('M330 150 L480 150 L480 220 L330 220 Z', p.light, p) +
    line('M330 190 L480 190', p, 4) +
    path('M560 548 L610 565 Q665 588 645 640 Q625 685 565 672 L545 667 Q590 610 560 548 Z', p.dark, p, 5),
  backpack: (p) =>
    path('M300 230 Q300 180 350 180 L450 180 Q500 180 500 230', 'none', p, 14) +
    path(
      'M250 300 Q250 220 330 220 L470 220 Q550 220 550 300 L550 620 Q550 660 510 660 L290 660 Q250 660 250 620 Z',
      p.fill,
      p,
    ) +
    path('M295 440 L505 440 L505 600 Q505 625 480 625 L320 625 Q295 625 295 600 Z', p.dark, p) +
    line('M310 470 L490 470', p, 4) +
    line('M330 300 L470 300', p, 4),
  tote: (p) =>
    line('M320 340 Q320 190 400 190 Q480 190 480 340', p, 18) +
    path('M220 340 L580 340 L550 660 L250 660 Z', p.fill, p) +
    line('M235 390 L565 390', p, 3),
  duffel: (p) =>
    line('M330 380 Q330 270 400 270 Q470 270 470 380', p, 16) +
    path(
      'M180 420 Q180 370 240 370 L560 370 Q620 370 620 420 L620 600 Q620 640 580 640 L220 640 Q180 640 180 600 Z',
      p.fill,
      p,
    ) +
    path(
      'M180 430 Q150 505 180 580 L210 580 L210 430 Z M620 430 Q650 505 620 580 L590 580 L590 430 Z',
      p.dark,
      p,
      4,
    ) +
    line('M240 410 L560 410', p, 4),
  cap: (p) =>
    path('M230 480 Q230 260 410 260 Q570 260 580 470 Z', p.fill, p) +
    path('M560 455 Q680 460 690 505 Q640 520 560 505 Z', p.dark, p) +
    line('M410 262 L410 470 M320 290 Q300 380 310 470 M500 290 Q520 380 515 470', p, 3) +
    `<circle cx="410" cy="262" r="14" fill="${p.dark}" stroke="${p.line}" stroke-width="4"/>`,
  'bucket-hat': (p) =>
    path('M300 300 Q400 260 500 300 L530 470 L270 470 Z', p.fill, p) +
    path(
      'M200 500 Q210 450 270 460 L530 460 Q590 450 600 500 Q520 540 400 540 Q280 540 200 500 Z',
      p.dark,
      p,
    ) +
    line('M285 400 L515 400', p, 3),
  beanie: (p) =>
    path('M260 510 Q255 250 400 245 Q545 250 540 510 Z', p.fill, p) +
    path('M245 480 L555 480 L555 580 Q400 600 245 580 Z', p.dark, p) +
    line('M300 492 L300 585 M350 492 L350 592 M400 492 L400 595 M450 492 L450 592 M500 492 L500 585', p, 3) +
    `<circle cx="400" cy="225" r="42" fill="${p.light}" stroke="${p.line}" stroke-width="6"/>`,
  mug: (p) =>
    path('M500 360 Q600 360 600 450 Q600 540 500 540', 'none', p, 30) +
    `<path d="M500 360 Q600 360 600 450 Q600 540 500 540" fill="none" stroke="${p.fill}" stroke-width="16"/>` +
    path('M240 300 L510 300 L510 600 Q510 640 470 640 L280 640 Q240 640 240 600 Z', p.fill, p) +
    `<ellipse cx="375" cy="300" rx="135" ry="22" fill="${p.dark}" stroke="${p.line}" stroke-width="6"/>` +
    line('M330 250 Q310 210 335 175 M385 250 Q365 200 390 160 M440 250 Q420 210 445 175', p, 5),
  'travel-mug': (p) =>
    path('M300 250 L500 250 L470 650 L330 650 Z', p.fill, p) +
    path('M285 200 L515 200 L515 255 L285 255 Z', p.dark, p) +
    path('M340 170 L460 170 L470 200 L330 200 Z', p.dark, p, 5) +
    path('M312 400 L488 400 L482 470 L318 470 Z', p.light, p, 4),
  'espresso-cup': (p) =>
    `<ellipse cx="400" cy="600" rx="230" ry="40" fill="${p.light}" stroke="${p.line}" stroke-width="6"/>` +
    path('M505 430 Q575 430 575 485 Q575 540 505 540', 'none', p, 24) +
    path('M280 400 L520 400 Q515 590 400 590 Q285 590 280 400 Z', p.fill, p) +
    `<ellipse cx="400" cy="400" rx="120" ry="18" fill="${p.dark}" stroke="${p.line}" stroke-width="5"/>`,
  'desk-lamp': (p) =>
    `<ellipse cx="330" cy="640" rx="130" ry="28" fill="${p.dark}" stroke="${p.line}" stroke-width="6"/>` +
    line('M330 630 L420 420 L320 250', p, 16) +
    `<circle cx="420" cy="420" r="16" fill="${p.fill}" stroke="${p.line}" stroke-width="5"/>` +
    path('M320 250 L470 170 L560 330 Q460 380 400 330 Z', p.fill, p) +
    `<circle cx="495" cy="345" r="28" fill="#fff4c2" stroke="${p.line}" stroke-width="4"/>`,
  'floor-lamp': (p) =>
    `<ellipse cx="400" cy="670" rx="120" ry="22" fill="${p.dark}" stroke="${p.line}" stroke-width="6"/>` +
    line('M400 665 L400 280', p, 12) +
    path('M300 130 L500 130 L560 290 L240 290 Z', p.fill, p) +
    line('M260 290 L540 290', p, 4),
  'pendant-lamp': (p) =>
    line('M400 90 L400 300', p, 5) +
    path('M380 300 L420 300 L425 340 L375 340 Z', p.dark, p, 4) +
    path('M400 330 Q230 340 210 520 L590 520 Q570 340 400 330 Z', p.fill, p) +
    `<ellipse cx="400" cy="530" rx="70" ry="30" fill="#fff4c2" stroke="${p.line}" stroke-width="4"/>`,
  cushion: (p) =>
    path('M215 250 Q400 205 585 250 Q630 400 585 560 Q400 605 215 560 Q170 400 215 250 Z', p.fill, p) +
    line('M230 265 Q400 225 570 265 Q610 400 570 545 Q400 585 230 545 Q192 400 230 265 Z', p, 3) +
    `<circle cx="400" cy="405" r="14" fill="${p.dark}" stroke="${p.line}" stroke-width="4"/>` +
    line('M400 405 L300 330 M400 405 L500 330 M400 405 L305 485 M400 405 L495 485', p, 2),
  parcel: (p) =>
    path('M220 300 L400 220 L580 300 L580 560 L400 640 L220 560 Z', p.fill, p) +
    line('M220 300 L400 380 L580 300 M400 380 L400 640', p) +
    path('M310 260 L490 340 L490 400 L460 388 L460 352 L280 272 Z', p.dark, p, 4),
};

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** What a picture name shows: the kind, its colour and the words of the name. */
export function describeIllustration(name: string): { kind: Kind; colour: string; words: string[] } {
  const words = name.split('-').filter(Boolean);
  const joined = `-${words.join('-')}-`;
  const found = KINDS.find((entry) => entry.words.some((word) => joined.includes(`-${word}-`)));
  const named = [...words].reverse().find((word) => COLOURS[word]);
  const hue = createHash('sha1').update(name).digest()[0]! * (360 / 256);
  const colour = (named && COLOURS[named]) ?? found?.colour ?? `#${hslToHex(hue, 0.45, 0.45)}`;
  return { kind: found?.kind ?? 'parcel', colour, words };
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const k = (n: number) => (n + hue / 30) % 12;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => lightness - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [0, 8, 4].map((n) => hex(f(n) * 255)).join('');
}

/** The SVG picture for a demo product picture's name. */
export function illustrationSvg(name: string): string {
  const { kind, colour, words } = describeIllustration(name);
  const paint: Paint = {
    fill: colour,
    dark: shade(colour, -0.25),
    light: shade(colour, 0.45),
    line: shade(colour, -0.6),
  };
  const label = escapeXml(words.join(' '));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="${label}">` +
    `<rect width="800" height="800" fill="#eef1f4"/>` +
    `<circle cx="400" cy="410" r="300" fill="#e3e8ed"/>` +
    `<ellipse cx="400" cy="690" rx="260" ry="26" fill="#d3dae1"/>` +
    DRAWINGS[kind](paint) +
    `</svg>`
  );
}
