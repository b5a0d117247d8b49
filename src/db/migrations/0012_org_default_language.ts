import type { Kysely } from 'kysely';

// The organisation's default language: the pages' language for members whose browser asks for none
// we have, and the language of the built-in enrollment email. Existing organisations keep English.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('default_language', 'text', (col) => col.notNull().defaultTo('en'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('default_language').execute();
}
