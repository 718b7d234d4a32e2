import type { CalendarDate } from '../vocabulary.js';

/** How an indicator stands on a day against the straight line from its baseline to its target. */
export const INDICATOR_TRACKS = ['achieved', 'on_track', 'off_track', 'no_data'] as const;
export type IndicatorTrack = (typeof INDICATOR_TRACKS)[number];

export interface IndicatorStanding {
  track: IndicatorTrack;
  /** The latest value on or before the day, if any. */
  latest?: { value: number; on: CalendarDate };
  /** How far from baseline (0) to target (1) the latest value is; below 0 when it moved away from the target. */
  progress?: number;
  /** How far along the line it should be on the day (0 at the baseline's date, 1 at the target's). */
  expected: number;
}

interface Definition {
  baseline: { value: number; on: CalendarDate };
  target: { value: number; by: CalendarDate };
}

const DAY_MS = 86_400_000;
const days = (from: CalendarDate, to: CalendarDate) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/**
 * The latest value on or before a day (ties: the one recorded last, a correction), and the track it gives:
 * achieved once it reaches the target, on track while it keeps up with the straight line from baseline to target,
 * off track when it falls behind, no data before any value. The target is never equal to the baseline.
 */
export function standingOn(
  indicator: Definition,
  values: readonly { value: number; on: CalendarDate }[],
  day: CalendarDate,
): IndicatorStanding {
  const { baseline, target } = indicator;
  const span = days(baseline.on, target.by);
  const expected = Math.min(1, Math.max(0, days(baseline.on, day) / span));
  let latest: { value: number; on: CalendarDate } | undefined;
  for (const value of values) if (value.on <= day && (!latest || value.on >= latest.on)) latest = value;
  if (!latest) return { track: 'no_data', expected };
  const progress = (latest.value - baseline.value) / (target.value - baseline.value);
  const track: IndicatorTrack = progress >= 1 ? 'achieved' : progress >= expected ? 'on_track' : 'off_track';
  return { track, latest: { value: latest.value, on: latest.on }, progress, expected };
}
