/**
 * Dates and timestamps as text: ISO 8601 parsing and printing shared by casts, literals,
 * builders and readers. Dates are days since the epoch, timestamps ms since the epoch, UTC.
 */

const DAY_MS = 86_400_000;

const DATE_RE = /^([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})$/;
const TS_RE = /^([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysOf(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  // Start from a leap year so Feb 29 survives until the real year is set.
  const t = Date.UTC(2000, m - 1, d);
  const dt = new Date(t);
  dt.setUTCFullYear(y);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return Math.round(dt.getTime() / DAY_MS);
}

/** Parses 'YYYY-MM-DD' (or an ISO timestamp, keeping its date) into days; null when invalid. */
export function parseDate(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (m) return daysOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const ms = parseTimestamp(s);
  return ms === null ? null : Math.floor(ms / DAY_MS);
}

/** Parses an ISO 8601 timestamp (date only, or with time, fraction and zone; UTC if no zone) into ms; null when invalid. */
export function parseTimestamp(s: string): number | null {
  const m = TS_RE.exec(s);
  if (!m) return null;
  const days = daysOf(Number(m[1]), Number(m[2]), Number(m[3]));
  if (days === null) return null;
  const hh = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (hh > 23 || mi > 59 || ss > 59) return null;
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
  let offsetMin = 0;
  const z = m[8];
  if (z !== undefined && z.toUpperCase() !== 'Z') {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return days * DAY_MS + ((hh * 60 + mi) * 60 + ss) * 1000 + frac - offsetMin * 60_000;
}

/** 'YYYY-MM-DD' of days since the epoch (years beyond 9999 or before 0 keep a sign, ISO-style). */
export function formatDate(days: number): string {
  const iso = new Date(days * DAY_MS).toISOString();
  return iso.slice(0, iso.indexOf('T'));
}

/** ISO 8601 of ms since the epoch, e.g. 2024-01-02T03:04:05.000Z. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

