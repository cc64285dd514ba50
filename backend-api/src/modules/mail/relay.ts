import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import { createBatchPoller } from '../../lib/batch-poller';
import type { MailRepository, MailRow } from './repository';
import { renderMail, type ShopInfo, type TemplateData, type TemplateName } from './templates';

export interface MailRelayOptions {
  smtpUrl: string;
  /** `Name <address>`; its domain also names the Message-IDs. */
  from: string;
  batchSize: number;
  pollIntervalMs: number;
  maxBackoffMs: number;
  /** How long a claimed message stays with this relay before another may take it. */
  leaseMs?: number;
}

/** A permanent SMTP refusal (5xx): sending it again would be refused again. */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

const domainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

/**
 * Sends the mail outbox over SMTP. A message is marked sent only once the server accepted it; until then it
 * is retried with a doubling wait, so an SMTP outage delays mail and loses none. Any number of relays may run
 * (one per API instance): each claims its messages with FOR UPDATE SKIP LOCKED and a lease. The Message-ID is
 * the row's id, so should a relay die between the server's 250 and marking the row, the copy sent again is
 * the same message to any client that deduplicates.
 */
export function createMailRelay(
  repo: MailRepository,
  shop: () => Promise<ShopInfo>,
  options: MailRelayOptions,
  log: FastifyBaseLogger,
) {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10_000,
  });
  const messageDomain = domainOf(options.from);
  const leaseMs = options.leaseMs ?? 60_000;

  async function send(row: MailRow, info: ShopInfo) {
    const rendered = await renderMail(
      row.template as TemplateName,
      row.data as never as TemplateData[TemplateName],
      info,
    );
    await transport.sendMail({
      from: options.from,
      to: row.recipient,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<${row.id}@${messageDomain}>`,
      date: row.createdAt,
      headers: { 'X-ShopStream-Template': row.template },
    });
  }

  /** Sends one claimed batch; answers how many went out, or -1 when the server could not be reached. */
  async function sendBatch(): Promise<number> {
    // Read before claiming: should the settings be unreadable, no message is left waiting out a lease.
    const info = await shop();
    const rows = await repo.claimDue(options.batchSize, leaseMs);
    if (rows.length === 0) return 0;
    let sent = 0;
    for (const [index, row] of rows.entries()) {
      try {
        await send(row, info);
        await repo.markSent(row.id);
        sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (isPermanent(error)) {
          log.warn(
            { mailId: row.id, template: row.template, err: error },
            'the SMTP server refused a message for good',
          );
          await repo.markFailed(row.id, message);
          continue;
        }
        // The server is unreachable or failing: this message and the rest of the batch wait their turn.
        log.debug({ err: error }, 'SMTP server unavailable; mail stays in the outbox');
        for (const waiting of rows.slice(index))
          await repo.markRetry(waiting.id, message, options.maxBackoffMs);
        return -1;
      }
    }
    return sent;
  }

  const poller = createBatchPoller(sendBatch, {
    pollIntervalMs: options.pollIntervalMs,
    log,
    name: 'mail relay',
  });
  return {
    deliverPending: poller.deliverPending,
    start: poller.start,
    async stop() {
      await poller.stop();
      transport.close();
    },
  };
}
export type MailRelay = ReturnType<typeof createMailRelay>;
