/** Live updates: server-sent events from /v1/events/stream where the service has it, else polling /v1/events. */
import { api } from './api.js';
import { t } from './i18n.js';
import { EVENT_NAMES } from './labels.js';

const POLL_EVERY_MS = 5000;
const SETTLE_MS = 250;
/** A busy log must not turn the overview (one request per State) into a load test. */
const MIN_GAP_MS = 2000;

let position: string | undefined;
let onEvents: (count: number) => void = () => {};
let status: HTMLElement | null = null;

/** Decimal positions may exceed 2^53: compare by length, then as text. */
const later = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/** Records the log position a read answered at, so the feed starts after what is already shown. */
export function notePosition(seen: string): void {
  if (position === undefined || later(seen, position)) position = seen;
}

function say(text: string): void {
  if (status) status.textContent = text;
}

let pending = 0;
let lastRefresh = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Bursts of events (a bulk import) cause one refresh, not one per event; a steady flow, one every MIN_GAP_MS. */
function arrived(count: number): void {
  pending += count;
  if (timer !== undefined) return;
  const wait = Math.max(SETTLE_MS, lastRefresh + MIN_GAP_MS - Date.now());
  timer = setTimeout(() => {
    timer = undefined;
    lastRefresh = Date.now();
    const n = pending;
    pending = 0;
    const time = new Date().toISOString().slice(11, 19);
    say(t.live.updated(time, n));
    onEvents(n);
  }, wait);
}

async function poll(): Promise<void> {
  say(t.live.polling(POLL_EVERY_MS / 1000));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    if (document.hidden || position === undefined) continue;
    try {
      let count = 0;
      for (;;) {
        const page = await api.events(position, 500);
        const last = page.events.at(-1);
        if (last) notePosition(last.position);
        count += page.events.length;
        if (!page.next) break;
      }
      if (count > 0) arrived(count);
    } catch {
      say(t.live.unreachableRetrying);
    }
  }
}

function stream(): void {
  const source = new EventSource(`/v1/events/stream?after=${encodeURIComponent(position ?? '0')}`);
  let opened = false;
  const received = (event: MessageEvent) => {
    if (/^\d+$/.test(event.lastEventId)) notePosition(event.lastEventId);
    arrived(1);
  };
  source.onmessage = received;
  for (const type of Object.keys(EVENT_NAMES)) source.addEventListener(type, received);
  source.onopen = () => {
    opened = true;
    say(t.live.live);
  };
  source.onerror = () => {
    // Refused (no such route, or not an event stream): poll instead. A dropped stream reconnects by itself.
    if (!opened || source.readyState === EventSource.CLOSED) {
      source.close();
      void poll();
    } else say(t.live.reconnecting);
  };
}

/**
 * The read models' position now (`/ready`), read just after the views began theirs: the feed starts after the log as
 * they found it. Not a State's status: that names the last event about the State, which may lie far behind the
 * log's head, and the feed would send every event since. Where `/ready` does not answer (a replica catching up), the
 * first State's status, as before; with no data at all, any valid code answers zeros.
 */
async function knownPosition(): Promise<void> {
  const ready = await api.ready().catch(() => undefined);
  if (ready) return notePosition(ready.position);
  if (position !== undefined) return;
  const overview = await api.states();
  notePosition((await api.status(overview.items[0]?.state ?? 'KAZ')).position);
}

/** Starts following the log after what is shown; `refresh` runs after new events arrive. */
export async function startLive(element: HTMLElement | null, refresh: (count: number) => void): Promise<void> {
  status = element;
  onEvents = refresh;
  await knownPosition().catch(() => say(t.live.unreachable));
  if (typeof EventSource === 'function') stream();
  else void poll();
}
