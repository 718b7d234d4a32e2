const DAY_MS = 86_400_000;
let day = '';
let nextMidnight = 0;

/**
 * Today's date in UTC, YYYY-MM-DD: the day meant when none is named (overdue, a status, the dashboard's default).
 * Computed again only once the day has changed, since reads ask for it on every request.
 */
export function today(): string {
  const now = Date.now();
  if (now >= nextMidnight || now < nextMidnight - DAY_MS) {
    day = new Date(now).toISOString().slice(0, 10);
    nextMidnight = now - (now % DAY_MS) + DAY_MS;
  }
  return day;
}
