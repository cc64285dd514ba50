import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { customerNotes, users } from '../../db/schema';

const authors = alias(users, 'author');

/** Staff notes about customer accounts. */
export function createCustomerNotesRepository(db: Database) {
  const select = () =>
    db
      .select({
        id: customerNotes.id,
        body: customerNotes.body,
        createdAt: customerNotes.createdAt,
        authorId: authors.id,
        authorEmail: authors.email,
        authorName: authors.name,
      })
      .from(customerNotes)
      .leftJoin(authors, eq(authors.id, customerNotes.authorId));
  return {
    notesOf: (customerId: string) =>
      select()
        .where(eq(customerNotes.customerId, customerId))
        .orderBy(asc(customerNotes.createdAt), asc(customerNotes.id)),
    async addNote(customerId: string, authorId: string, body: string) {
      const [row] = await db
        .insert(customerNotes)
        .values({ customerId, authorId, body })
        .returning({ id: customerNotes.id });
      return (await select().where(eq(customerNotes.id, row!.id)))[0]!;
    },
  };
}
export type CustomerNotesRepository = ReturnType<typeof createCustomerNotesRepository>;
export type NoteRow = Awaited<ReturnType<CustomerNotesRepository['notesOf']>>[number];
