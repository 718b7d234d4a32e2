/**
 * Moving up: the embedded log copied to EventStoreDB in its global order, each event with its id, type, data and
 * metadata (hash chain included, so `verify` holds on the copy). Each stream's events are appended at their exact
 * revision: run again after an interruption, what is already there is recognised by id and skipped.
 */
import {
  type EventData,
  type EventStoreDBClient,
  FORWARDS,
  type JSONType,
  jsonEvent,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { CopyConflict, type CopyOptions, type CopyProgress } from '../copy.js';
import type { EventStore, RecordedEvent } from '../port.js';
import { isEventId } from '../streams.js';
import { toStoredMetadata } from './mapping.js';

/** Where the copy writes: appends at an exact revision, and reads back the ids already there. */
export interface CopyTarget {
  /** Appends after `afterRevision` (-1: the stream must not exist); false when the stream is not there. */
  append(stream: string, events: EventData[], afterRevision: number): Promise<boolean>;
  idsFrom(stream: string, fromRevision: number, count: number): Promise<string[]>;
}

/** An event whose id EventStoreDB would not keep as it is: not a UUID, or not lower-case (it answers ids so). */
export class UncopyableEventId extends Error {
  constructor(readonly event: Pick<RecordedEvent, 'id' | 'stream' | 'revision'>) {
    super(
      `${event.stream} revision ${event.revision} has the id ${JSON.stringify(event.id)}: EventStoreDB keeps only ` +
        'lower-case UUIDs, and the hash chain covers the id, so the copy would not verify: not copying',
    );
    this.name = 'UncopyableEventId';
  }
}

export function toEventData(event: RecordedEvent): EventData {
  if (!isEventId(event.id) || event.id !== event.id.toLowerCase()) throw new UncopyableEventId(event);
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata: toStoredMetadata(event.metadata),
  });
}

export async function copyLog(source: Pick<EventStore, 'readAll'>, target: CopyTarget, options: CopyOptions = {}) {
  const batch = Math.max(1, options.batch ?? 200);
  const progress: CopyProgress = { copied: 0, skipped: 0, position: options.after ?? '0' };
  let group: RecordedEvent[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    const done = await copyGroup(target, group);
    progress.copied += done;
    progress.skipped += group.length - done;
    progress.position = group.at(-1)!.position;
    group = [];
    options.onProgress?.({ ...progress });
  };
  for await (const event of source.readAll(options.after === undefined ? {} : { after: options.after })) {
    const last = group.at(-1);
    if (last && (last.stream !== event.stream || group.length >= batch)) await flush();
    group.push(event);
  }
  await flush();
  return progress;
}

/** One run of consecutive events of one stream; returns how many were written (the rest were already there). */
async function copyGroup(target: CopyTarget, group: RecordedEvent[]): Promise<number> {
  const first = group[0]!;
  const stream = first.stream;
  if (await target.append(stream, group.map(toEventData), first.revision - 1)) return group.length;
  const present = await target.idsFrom(stream, first.revision, group.length);
  present.forEach((id, i) => {
    if (id !== group[i]!.id) throw new CopyConflict(stream, first.revision + i);
  });
  const rest = group.slice(present.length);
  if (rest.length === 0) return 0;
  if (present.length === 0 && first.revision > 0) {
    // The stream is behind this run: its earlier events were never copied (a checkpoint ahead of the target).
    throw new CopyConflict(stream, first.revision - 1);
  }
  if (!(await target.append(stream, rest.map(toEventData), first.revision + present.length - 1))) {
    throw new CopyConflict(stream, first.revision + present.length);
  }
  return rest.length;
}

/** The copy's target on a live EventStoreDB. */
export function esdbCopyTarget(client: EventStoreDBClient): CopyTarget {
  return {
    async append(stream, events, afterRevision) {
      try {
        const expectedRevision = afterRevision < 0 ? NO_STREAM : BigInt(afterRevision);
        // Asked of the leader, as the store's own appends are: a follower's answer could be stale.
        await client.appendToStream(stream, events, { expectedRevision, requiresLeader: true });
        return true;
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) return false;
        throw error;
      }
    },
    async idsFrom(stream, fromRevision, count) {
      const ids: string[] = [];
      try {
        const read = client.readStream(stream, {
          fromRevision: BigInt(fromRevision),
          maxCount: count,
          direction: FORWARDS,
          requiresLeader: true,
        });
        for await (const resolved of read) if (resolved.event) ids.push(resolved.event.id);
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      return ids;
    },
  };
}
