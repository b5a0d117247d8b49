import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { enrollmentCounts } from './user-list.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 365;

const dayOf = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/**
 * Enrolled and pending now, and enrolled members over time: each member who holds a passkey counts
 * from the day of their oldest one. (A member who lost all passkeys and enrolled again counts from the new one.)
 */
export async function adoption(deps: Deps, org: Organisation) {
  const counts = await enrollmentCounts(deps, org);
  const firsts = await deps.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.min<number>('created_at').as('first'))
    .where('org_id', '=', org.id)
    .groupBy('user_id')
    .execute();
  const perDay = new Map<string, number>();
  for (const { first } of firsts) perDay.set(dayOf(Number(first)), (perDay.get(dayOf(Number(first))) ?? 0) + 1);
  const today = Math.floor(deps.clock() / DAY_MS) * DAY_MS;
  const earliest = firsts.reduce((min, f) => Math.min(min, Number(f.first)), org.created_at);
  const start = Math.max(Math.floor(earliest / DAY_MS) * DAY_MS, today - (MAX_DAYS - 1) * DAY_MS);
  // Members enrolled before the chart's first day are its starting level.
  let enrolled = firsts.filter((f) => Number(f.first) < start).length;
  const series: Array<{ day: string; enrolled: number }> = [];
  for (let day = start; day <= today; day += DAY_MS) {
    enrolled += perDay.get(dayOf(day)) ?? 0;
    series.push({ day: dayOf(day), enrolled });
  }
  return { members: counts.all, enrolled: counts.enrolled, pending: counts.pending, series };
}
