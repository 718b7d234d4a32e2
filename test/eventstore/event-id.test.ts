import t from 'tap';
import { timeOrderedEventId } from '../../src/eventstore/event-id.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('generated event ids are UUID v7, ordered by the millisecond they were made in', async (t) => {
  const earlier = timeOrderedEventId(Date.UTC(2026, 0, 1));
  const later = timeOrderedEventId(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
  t.match(earlier, V7);
  t.match(later, V7);
  t.ok(earlier < later, 'a later millisecond sorts after');
  t.equal(earlier.slice(0, 13).replace('-', ''), Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  const many = new Set(Array.from({ length: 10_000 }, () => timeOrderedEventId()));
  t.equal(many.size, 10_000, 'no two alike');
});
