// The manifest's time values: `expires` (an ISO 8601 date, or a date-time with an offset) and
// durations (`policy.expiry_notice`: hours or days, like 36h or 14d). Also parses `--now`.
import type { Expiry } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** `policy.expiry_notice` when unset: 7 days. */
export const DEFAULT_EXPIRY_NOTICE_MS = 7 * DAY_MS;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const EXPIRES_FORMS =
  'an ISO 8601 date like 2027-01-31 (the grant ends at 00:00 UTC that day) or a date-time with an offset ' +
  'like 2027-01-31T18:00:00Z or 2027-01-31T18:00:00+01:00';

/** 00:00 UTC of a day (month 1-12; day 0 is the month before's last). Not Date.UTC: it reads years 0-99 as 19xx. */
function startOfDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Days in a month of a year (month 1-12). */
function daysIn(year: number, month: number): number {
  return new Date(startOfDay(year, month + 1, 0)).getUTCDate();
}

/** Why `y-m-d` is not a calendar date, or null when it is. */
function badDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  return null;
}

/**
 * A moment as the manifest writes it: a date is its start, 00:00 UTC (as GitLab's `expires_at`); a
 * date-time needs an offset, since without one the moment would depend on where rolesync runs.
 * `what` names the value in the message (`expires '…'`).
 */
export function parseMoment(text: string, what: string): Parsed<Expiry> {
  const shown = `${what} '${text}'`;
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const bad = badDay(year, month, day);
    if (bad) return { ok: false, message: `${shown} is not a calendar date (${bad}); write ${EXPIRES_FORMS}` };
    return { ok: true, value: { at: startOfDay(year, month, day), text } };
  }
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(dt[i])) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const second = Number(dt[6] ?? '0');
    const bad = badDay(year, month, day);
    if (bad) return { ok: false, message: `${shown} is not a calendar date (${bad}); write ${EXPIRES_FORMS}` };
    if (hour > 23 || minute > 59 || second > 59) {
      return { ok: false, message: `${shown} is not a time of day (00:00:00 to 23:59:59); write ${EXPIRES_FORMS}` };
    }
    const offset = dt[8];
    if (offset === undefined) {
      return {
        ok: false,
        message:
          `${shown} has no offset, so the moment it names would depend on where rolesync runs; add one, like ` +
          `${text}Z (UTC) or ${text}+01:00, or write the date alone (${dt[1]}-${dt[2]}-${dt[3]}: 00:00 UTC)`,
      };
    }
    const at = Date.parse(`${dt[1]}-${dt[2]}-${dt[3]}T${dt[4]}:${dt[5]}:${dt[6] ?? '00'}${dt[7] ?? ''}${zone(offset)}`);
    if (Number.isNaN(at)) return { ok: false, message: `${shown} is not a valid date-time; write ${EXPIRES_FORMS}` };
    return { ok: true, value: { at, text } };
  }
  return { ok: false, message: `${shown} is not a date; write ${EXPIRES_FORMS}` };
}

/** `Z`, `+0100` and `+01:00` as Date.parse reads them. */
function zone(offset: string): string {
  if (offset === 'Z' || offset === 'z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** A duration in hours or days (`36h`, `14d`), in milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const m = /^(\d+)([hd])$/.exec(text);
  if (!m) {
    return { ok: false, message: `'${text}' is not a duration; write a number of hours or days, like 36h or 14d` };
  }
  return { ok: true, value: Number(m[1]) * (m[2] === 'h' ? HOUR_MS : DAY_MS) };
}

/** A duration for sentences: `3 days`, `36 hours`, `1 day`. */
export function describeDuration(ms: number): string {
  if (ms % DAY_MS === 0) return ms === DAY_MS ? '1 day' : `${ms / DAY_MS} days`;
  const hours = Math.round(ms / HOUR_MS);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
