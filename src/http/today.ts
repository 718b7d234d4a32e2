/** Today's date in UTC, YYYY-MM-DD: the day overdue is judged on when a request names none. */
export const today = (): string => new Date().toISOString().slice(0, 10);
