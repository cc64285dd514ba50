import type { CustomerDetail, CustomerList, CustomerListQuery, CustomerNote } from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import type { Database } from '../../db/client';
import type { AccountService } from '../accounts/service';
import { accountOrderSummaries, type GuestCursor, guestBuyers } from '../orders/customer-summaries';
import type { CustomerNotesRepository, NoteRow } from './repository';

const toNote = (row: NoteRow): CustomerNote => ({
  id: row.id,
  body: row.body,
  author:
    row.authorId && row.authorEmail !== null
      ? { id: row.authorId, email: row.authorEmail, name: row.authorName ?? '' }
      : null,
  createdAt: row.createdAt.toISOString(),
});

const encodeGuestCursor = (cursor: GuestCursor) =>
  Buffer.from(JSON.stringify([cursor.lastOrderAt, cursor.email])).toString('base64url');

function decodeGuestCursor(text: string): GuestCursor {
  try {
    const [lastOrderAt, email] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if (
      typeof lastOrderAt === 'string' &&
      !Number.isNaN(Date.parse(lastOrderAt)) &&
      typeof email === 'string'
    ) {
      return { lastOrderAt, email };
    }
  } catch {}
  throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this listing' }]);
}

/** Customers for staff: accounts with what their orders add up to, guest buyers, notes. */
export function createCustomerService(
  db: Database,
  accounts: AccountService,
  notes: CustomerNotesRepository,
) {
  return {
    async list(query: CustomerListQuery): Promise<CustomerList> {
      if (query.kind === 'guest') {
        const rows = await guestBuyers(db, {
          limit: query.limit + 1,
          ...(query.q ? { q: query.q } : {}),
          ...(query.cursor ? { after: decodeGuestCursor(query.cursor) } : {}),
        });
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: page.map((guest) => ({
            kind: 'guest' as const,
            id: null,
            email: guest.email,
            name: guest.name,
            role: null,
            disabled: false,
            since: guest.since,
            orders: guest.orders,
          })),
          nextCursor:
            rows.length > query.limit && last?.orders.lastOrderAt
              ? encodeGuestCursor({ lastOrderAt: last.orders.lastOrderAt, email: last.email })
              : null,
        };
      }
      const accountsPage = await accounts.listUsers({
        limit: query.limit,
        ...(query.role ? { role: query.role } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const summaries = await accountOrderSummaries(
        db,
        accountsPage.items.map((user) => user.id),
      );
      return {
        items: accountsPage.items.map((user) => ({
          kind: 'account' as const,
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          disabled: user.disabled,
          since: user.createdAt,
          orders: summaries.get(user.id)!,
        })),
        nextCursor: accountsPage.nextCursor,
      };
    },

    async detail(customerId: string): Promise<CustomerDetail> {
      const account = await accounts.accountForStaff(customerId);
      const [addresses, summaries, noteRows] = await Promise.all([
        accounts.listAddresses(customerId),
        accountOrderSummaries(db, [customerId]),
        notes.notesOf(customerId),
      ]);
      return { account, addresses, orders: summaries.get(customerId)!, notes: noteRows.map(toNote) };
    },

    async addNote(customerId: string, authorId: string, body: string): Promise<CustomerNote> {
      await accounts.accountForStaff(customerId);
      return toNote(await notes.addNote(customerId, authorId, body));
    },
  };
}
export type CustomerService = ReturnType<typeof createCustomerService>;
