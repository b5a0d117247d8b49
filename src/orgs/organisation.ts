import type { Selectable } from 'kysely';
import type { OrganisationsTable } from '../db/types.js';

/** An organisation as stored: its own file, so the orgs modules that organisations.ts uses can name it. */
export type Organisation = Selectable<OrganisationsTable>;
