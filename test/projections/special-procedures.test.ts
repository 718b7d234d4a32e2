/**
 * The communications' read model against the domain's rule: for random letters, replies and days (around the due
 * days), the standings and counts the SQL gives are those communicationStanding gives, now and as recorded before
 * an instant.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { addDays } from '../../src/domain/calendar.js';
import {
  type CommunicationStanding,
  communicationStanding,
  replyDueByRule,
} from '../../src/domain/special-procedure/communication.js';
import { Log } from './log.js';

const START = '2024-01-01';
const day = (offset: number) => addDays(START, offset);
const instant = (at: number) => new Date(Date.UTC(2025, 0, 1) + at * 60_000).toISOString();

const letterArb = fc.record({
  sentOn: fc.integer({ min: 0, max: 120 }),
  given: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
  replies: fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 3 }),
  state: fc.constantFrom('KAZ', 'UZB'),
});
const logArb = fc.record({
  letters: fc.array(letterArb, { maxLength: 6 }),
  asOf: fc.integer({ min: -5, max: 300 }),
  before: fc.integer({ min: 0, max: 30 }),
});

t.test('standings and counts in SQL are the domain rule, on any day and as recorded before an instant', async (t) => {
  const runs = 500;
  fc.assert(
    fc.property(logArb, ({ letters, asOf: asOfOffset, before }) => {
      const log = new Log();
      const asOf = day(asOfOffset);
      // Events recorded one a minute, in this order: each letter, then its replies.
      const expected: {
        state: string;
        sentOn: string;
        due: string;
        replies: { receivedOn: string; at: number }[];
        at: number;
        id: string;
      }[] = [];
      let at = 0;
      letters.forEach((letter, i) => {
        const id = `al-${letter.state.toLowerCase()}-${i + 1}-2024`;
        const sentOn = day(letter.sentOn);
        const due = letter.given !== undefined ? day(letter.sentOn + letter.given) : replyDueByRule(sentOn);
        const sentAt = at++;
        log.append(
          `communication-${id}`,
          'CommunicationSent',
          {
            communicationId: id,
            reference: `AL ${letter.state} ${i + 1}/2024`,
            kind: 'allegation_letter',
            state: letter.state,
            mandates: ['torture'],
            sentOn,
            replyDueOn: due,
            ...(letter.given === undefined ? { replyDueFrom: 'rule' } : {}),
          },
          instant(sentAt),
        );
        const replies = letter.replies.map((offset) => ({ receivedOn: day(letter.sentOn + offset), at: at++ }));
        for (const reply of replies) {
          log.append(
            `communication-${id}`,
            'CommunicationReplyReceived',
            { communicationId: id, receivedOn: reply.receivedOn },
            instant(reply.at),
          );
        }
        expected.push({ state: letter.state, sentOn, due, replies, at: sentAt, id });
      });

      const countsOf = (cutoff: number) => {
        const counts = { sent: 0, pending: 0, overdue: 0, repliedOnTime: 0, repliedLate: 0 };
        const key: Record<CommunicationStanding, keyof typeof counts> = {
          pending: 'pending',
          overdue: 'overdue',
          replied: 'repliedOnTime',
          replied_late: 'repliedLate',
        };
        for (const letter of expected) {
          if (letter.state !== 'KAZ' || letter.sentOn > asOf || letter.at >= cutoff) continue;
          counts.sent++;
          const known = letter.replies.filter((reply) => reply.at < cutoff);
          counts[key[communicationStanding(letter.due, known, asOf).standing]]++;
        }
        return counts;
      };
      assert.deepStrictEqual(log.models.specialProcedures.counts('KAZ', asOf), countsOf(Number.POSITIVE_INFINITY));
      assert.deepStrictEqual(log.models.stateStatus('KAZ', asOf).communications, countsOf(Number.POSITIVE_INFINITY));
      const cutoff = Date.parse(instant(before));
      assert.deepStrictEqual(
        log.models.specialProcedures.counts('KAZ', asOf, cutoff),
        countsOf(before),
        'recorded before',
      );

      const listed = log.models.specialProcedures.communications({ asOf, limit: 1000 }).items;
      const wanted = expected
        .filter((letter) => letter.sentOn <= asOf)
        .map((letter) => ({
          id: letter.id,
          due: letter.due,
          ...communicationStanding(letter.due, letter.replies, asOf),
        }))
        .sort((a, b) => (a.due === b.due ? (a.id < b.id ? -1 : 1) : a.due < b.due ? -1 : 1));
      assert.deepStrictEqual(
        listed.map((item) => ({
          id: item.id,
          due: item.replyDueOn,
          standing: item.standing,
          ...(item.repliedOn ? { repliedOn: item.repliedOn } : {}),
        })),
        wanted.map(({ id, due, standing, repliedOn }) => ({ id, due, standing, ...(repliedOn ? { repliedOn } : {}) })),
      );
      for (const standing of ['pending', 'overdue', 'replied', 'replied_late'] as const) {
        const only = log.models.specialProcedures.communications({ asOf, limit: 1000, standing: [standing] }).items;
        assert.deepStrictEqual(
          only.map((item) => item.id),
          wanted.filter((w) => w.standing === standing).map((w) => w.id),
          `standing=${standing}`,
        );
      }
    }),
    { numRuns: runs },
  );
  t.pass(`${runs} random logs: SQL and the domain's rule agree`);
});
