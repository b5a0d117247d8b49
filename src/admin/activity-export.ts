import type { ActivityEvent } from './activity.js';

export const CSV_HEADER = ['time', 'type', 'user', 'actor', 'method', 'ip', 'user_agent', 'details'];

/**
 * One CSV field, always quoted (RFC 4180), so a separator inside it never splits it, whatever
 * separator the spreadsheet assumes (`,`, `;`, tab). A cell a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR, also after leading spaces) gets an apostrophe first: user agents and
 * usernames are attacker-chosen text.
 */
export function csvField(value: string): string {
  const safe = /^[\t\r]|^\s*[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvRow(e: ActivityEvent): string {
  return csvLine([
    new Date(e.createdAt).toISOString(),
    e.type,
    e.user?.username ?? '',
    e.actor?.username ?? '',
    typeof e.details.method === 'string' ? e.details.method : '',
    e.ip ?? '',
    e.userAgent ?? '',
    JSON.stringify(e.details),
  ]);
}

export function jsonLine(e: ActivityEvent): string {
  const { type, user, actor, ip, userAgent, details } = e;
  const time = new Date(e.createdAt).toISOString();
  return `${JSON.stringify({ time, type, user, actor, ip, userAgent, details })}\n`;
}
