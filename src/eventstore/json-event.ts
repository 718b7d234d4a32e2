/** An event stored with its data and metadata as JSON text (SQLite, PostgreSQL), read back. */
import { CorruptEvent, type EventMetadata, type RecordedEvent } from './port.js';

/** The recorded event from its stored fields; CorruptEvent when its JSON was altered outside the store. */
export function recordedFromJson(
  id: string,
  stream: string,
  revision: number,
  position: string,
  type: string,
  dataText: string,
  metadataText: string,
): RecordedEvent {
  let data: unknown;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(dataText);
    metadata = JSON.parse(metadataText);
  } catch (cause) {
    throw new CorruptEvent(stream, revision, position, { cause });
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new CorruptEvent(stream, revision, position);
  }
  return { id, stream, revision, position, type, data, metadata };
}
