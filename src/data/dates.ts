/**
 * ISO 8601 dates (`YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` with `Z` or an offset) and the numeric parts a
 * linear model can use: the year, and the position in the year (and in the day) as a point on a circle, so
 * 31 December sits next to 1 January.
 */

export type DatePart = 'year' | 'day_sin' | 'day_cos' | 'time_sin' | 'time_cos';

export const DAY_PARTS: readonly DatePart[] = ['year', 'day_sin', 'day_cos'];
export const TIME_PARTS: readonly DatePart[] = ['time_sin', 'time_cos'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** Milliseconds since 1970 (UTC) and whether a time of day was written; null when the text is no valid date. */
export function parseIsoDate(text: string): { ms: number; timed: boolean } | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0] = m.slice(1, 6).map((v) => (v === undefined ? undefined : Number(v)));
  const second = Number(m[6] ?? 0);
  if (month === undefined || day === undefined || year === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second >= 60) return null;
  const offset = m[7] && m[7] !== 'Z' ? offsetMinutes(m[7]) : 0;
  const ms = Date.UTC(year, month - 1, day, hour, minute) + second * 1000 - offset * 60_000;
  return { ms, timed: m[4] !== undefined };
}

/** The parts of a date, in the order of `parts`. */
export function dateParts(ms: number, parts: readonly DatePart[]): number[] {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const yearLength = (Date.UTC(year + 1, 0, 1) - start) / DAY_MS;
  const dayAngle = (2 * Math.PI * Math.floor((ms - start) / DAY_MS)) / yearLength;
  const timeAngle = (2 * Math.PI * (((ms % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS;
  const value: Record<DatePart, number> = {
    year,
    day_sin: Math.sin(dayAngle),
    day_cos: Math.cos(dayAngle),
    time_sin: Math.sin(timeAngle),
    time_cos: Math.cos(timeAngle),
  };
  return parts.map((p) => value[p]);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMinutes(text: string): number {
  const digits = text.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
