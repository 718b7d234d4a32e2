import type { CalendarDate } from './vocabulary.js';

/** The calendar day `days` after `day` (before it when negative), in UTC: no day is lost or doubled by a clock change. */
export function addDays(day: CalendarDate, days: number): CalendarDate {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
