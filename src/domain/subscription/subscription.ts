import { z } from 'zod';
import type { Decider, EventsOf } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { userText } from '../text.js';
import { Mechanism, StateCode } from '../vocabulary.js';
import { NOTICE_KINDS, NoticeKind } from './notice.js';
import { webhookUrlProblem } from './target.js';

/**
 * The URL notices are posted to: http or https, no credentials in it, no fragment. Whether its host may be reached
 * is decided apart (target.ts), against the addresses it resolves to and the hosts an admin allowed.
 */
export const WebhookUrl = z
  .string()
  .max(2000)
  .superRefine((text, context) => {
    const problem = webhookUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** Body of POST /v1/subscriptions. */
export const Subscribe = z.strictObject({
  url: WebhookUrl.describe('where notices are POSTed, e.g. https://nmirf.example.org/hooks/followup'),
  secret: z
    .string()
    .min(32, 'must have at least 32 characters: it keys the HMAC-SHA256 signature of every notice')
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .describe('the shared secret signing every notice (HMAC-SHA256); never shown again'),
  states: z
    .array(StateCode)
    .max(250)
    .optional()
    .describe("the States whose notices are wanted; absent: every State (a State's token must name its own)"),
  mechanisms: z.array(Mechanism).max(20).optional().describe('the bodies whose notices are wanted; absent: every body'),
  notices: z.array(NoticeKind).min(1).max(NOTICE_KINDS.length).optional().describe('the kinds wanted; absent: all'),
  description: userText().max(300).optional().describe('who or what receives the notices'),
});
export type Subscribe = z.infer<typeof Subscribe>;

export const WebhookSubscribed = z.strictObject({
  subscriptionId: z.string(),
  url: z.string(),
  /** The HMAC key. In the log so that any replay or replica can sign; events of subscriptions are admin-only reads. */
  secret: z.string(),
  states: z.array(z.string()),
  mechanisms: z.array(z.string()),
  notices: z.array(z.string()),
  description: z.string().optional(),
});
export const WebhookUnsubscribed = z.strictObject({ subscriptionId: z.string() });

export type SubscriptionEvent = EventsOf<typeof subscriptionEventSchemas>;
export const subscriptionEventSchemas = { WebhookSubscribed, WebhookUnsubscribed } as const;

export type SubscriptionCommand =
  | { type: 'Subscribe'; data: Subscribe & { subscriptionId: string } }
  | { type: 'Unsubscribe'; subscriptionId: string };

export type SubscriptionState =
  | { exists: false }
  | { exists: true; id: string; states: readonly string[]; active: boolean };

/** A webhook subscription: made once, ended once; an ended one stays ended (its delivery log is kept). */
export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState> = {
  initialState: () => ({ exists: false }),
  evolve: (state, event) =>
    event.type === 'WebhookSubscribed'
      ? { exists: true, id: event.data.subscriptionId, states: event.data.states, active: true }
      : state.exists
        ? { ...state, active: false }
        : state,
  decide(command, state) {
    if (command.type === 'Subscribe') {
      if (state.exists) throw new LifecycleConflict(`subscription ${command.data.subscriptionId} already exists`);
      const { subscriptionId, url, secret, description } = command.data;
      const unique = <T>(list: readonly T[] | undefined) => [...new Set(list ?? [])];
      return [
        {
          type: 'WebhookSubscribed',
          data: {
            subscriptionId,
            url,
            secret,
            states: unique(command.data.states),
            mechanisms: unique(command.data.mechanisms),
            notices: unique(command.data.notices),
            ...(description ? { description } : {}),
          },
        },
      ];
    }
    if (!state.exists) throw new NotFound(`subscription ${command.subscriptionId} does not exist`);
    if (!state.active) throw new LifecycleConflict(`subscription ${command.subscriptionId} was already deleted`);
    return [{ type: 'WebhookUnsubscribed', data: { subscriptionId: command.subscriptionId } }];
  },
};

/** A State's token subscribes to its own States only, and must name them (it may not follow every State). */
export function statesForScope(requested: readonly string[] | undefined, tokenStates: readonly string[]): void {
  if (!requested || requested.length === 0) {
    throw new RuleViolation(`a State's token must name its States in \`states\` (${tokenStates.join(', ')})`);
  }
}

/** What a subscription wants: its States, bodies and kinds; an empty list wants all. */
export interface SubscriptionFilter {
  states: readonly string[];
  mechanisms: readonly string[];
  notices: readonly string[];
}

/** Whether a notice about a recommendation of this State and body, of this kind, is one the subscription wants. */
export function wants(filter: SubscriptionFilter, notice: { state: string; mechanism: string; kind: string }): boolean {
  const has = (list: readonly string[], value: string) => list.length === 0 || list.includes(value);
  return (
    has(filter.states, notice.state) && has(filter.mechanisms, notice.mechanism) && has(filter.notices, notice.kind)
  );
}
