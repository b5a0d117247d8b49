import type { Kysely } from 'kysely';
import { tableWritesOf } from '../db/database.js';
import type { DB } from '../db/types.js';
import type { Organisation } from './organisation.js';

/**
 * How long another instance's change to an organisation (its policy, languages, RP ID) may take to be
 * seen here. Changes made through this process are seen at once: its own writes clear the cache.
 */
export const ORG_CACHE_MS = 1000;
// Organisations kept; beyond it the cache starts again (a deployment with more still reads each once a second).
const MAX_ORGS = 10_000;

interface Cache {
  bySlug: Map<string, { org: Organisation; at: number }>;
  /** Bumped by every write to organisations: a read that began before one is not kept. */
  generation: number;
}

const caches = new WeakMap<Kysely<DB>, Cache>();

function cacheOf(db: Kysely<DB>): Cache | undefined {
  const cache = caches.get(db);
  if (cache) return cache;
  const writes = tableWritesOf(db);
  if (!writes) return undefined;
  const created: Cache = { bySlug: new Map(), generation: 0 };
  writes.on('organisations', () => {
    created.generation++;
    created.bySlug.clear();
  });
  caches.set(db, created);
  return created;
}

/**
 * Every request reads its organisation by the slug in its path: kept for ORG_CACHE_MS. Frozen, so no
 * caller can change what the next request gets. Unknown slugs are not kept.
 */
export async function cachedOrganisation(
  db: Kysely<DB>,
  slug: string,
  load: () => Promise<Organisation | undefined>,
): Promise<Organisation | undefined> {
  const cache = cacheOf(db);
  if (!cache) return load();
  const now = performance.now();
  const hit = cache.bySlug.get(slug);
  if (hit && now - hit.at < ORG_CACHE_MS) return hit.org;
  const generation = cache.generation;
  const org = await load();
  if (org && generation === cache.generation) {
    if (cache.bySlug.size >= MAX_ORGS) cache.bySlug.clear();
    cache.bySlug.set(slug, { org: Object.freeze(org), at: now });
  }
  return org;
}
