// Renders every mail template with its sample data into .local/mail-preview/ (HTML and plain text, plus an
// index page): `npm run mail:preview -w backend-api`, then open the printed index in a browser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMail, TEMPLATE_NAMES } from '../src/modules/mail/templates';
import { escapeHtml } from '../src/modules/mail/templates/layout';
import { SAMPLE_SHOP, SAMPLES } from '../src/modules/mail/templates/samples';

const directory = new URL('../../.local/mail-preview/', import.meta.url).pathname;
mkdirSync(directory, { recursive: true });
const rows: string[] = [];
for (const name of TEMPLATE_NAMES) {
  const mail = await renderMail(name, SAMPLES[name] as never, SAMPLE_SHOP);
  writeFileSync(join(directory, `${name}.html`), mail.html);
  writeFileSync(join(directory, `${name}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
  rows.push(
    `<li><a href="${name}.html">${name}</a> (<a href="${name}.txt">text</a>): ${escapeHtml(mail.subject)}</li>`,
  );
  console.log(`${name.padEnd(20)} ${mail.subject}`);
}
writeFileSync(
  join(directory, 'index.html'),
  `<!doctype html><meta charset="utf-8"><title>Mail preview</title><ul>${rows.join('')}</ul>`,
);
console.log(`\n${TEMPLATE_NAMES.length} templates rendered: ${join(directory, 'index.html')}`);
