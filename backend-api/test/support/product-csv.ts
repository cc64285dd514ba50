import { CSV_COLUMNS } from '../../src/modules/catalog/csv';

const SIZES = ['S', 'M', 'L'] as const;
const COLOURS = ['black', 'grey', 'navy', 'sand'] as const;

/**
 * A products CSV as the export writes it, of about `bytes` bytes: products of three sizes each, with a
 * description that needs quoting, tags, two image URLs and options, as a shop's real file has. `prefix`
 * keeps slugs and SKUs apart from other data (lower-case letters and digits).
 */
export function makeProductCsv(options: { bytes: number; prefix: string }): { csv: string; rows: number } {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  let size = lines[0]!.length + 1;
  let rows = 0;
  for (let product = 1; size < options.bytes; product += 1) {
    const colour = COLOURS[product % COLOURS.length]!;
    const slug = `${options.prefix}-trail-shoe-${product}`;
    for (const variantSize of SIZES) {
      const line = [
        slug,
        `Trail Shoe ${product} ${colour}`,
        `"Light trail running shoe, ${colour} mesh upper and a grippy sole; model ${product}, made for long days on rough ground."`,
        'active',
        '',
        'running|outdoor|trail',
        `https://cdn.example.com/p/${slug}-1.jpg|https://cdn.example.com/p/${slug}-2.jpg`,
        `${options.prefix.toUpperCase()}-${product}-${variantSize}`,
        '',
        `size=${variantSize};colour=${colour}`,
        `${49 + (product % 50)}.99`,
        product % 3 === 0 ? '79.99' : '',
        'EUR',
        '350',
        String(product % 40),
      ].join(',');
      lines.push(line);
      size += line.length + 1;
      rows += 1;
    }
  }
  return { csv: `${lines.join('\n')}\n`, rows };
}
