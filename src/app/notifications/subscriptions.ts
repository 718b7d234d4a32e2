import { randomUUID } from 'node:crypto';
import type { SubscriptionQueries, SubscriptionRecord } from '../../../projections/subscriptions.js';
import { Forbidden, NotFound, Unauthorized } from '../../domain/errors.js';
import { subscriptionStream } from '../../domain/identity.js';
import {
  type Subscribe,
  type SubscriptionCommand,
  type SubscriptionEvent,
  statesForScope,
  subscriptionDecider,
} from '../../domain/subscription/subscription.js';
import type { AllowedTargets } from '../../domain/subscription/target.js';
import { authorise, type Principal } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler } from '../commands/command-handler.js';
import { accepted, type CommandContext, type CommandResponse, metadataFor } from '../commands/context.js';
import { type IdempotencyRecords, once } from '../commands/idempotency.js';
import type { DeliveryAttempt, DeliveryLog } from './delivery-log.js';
import { type Resolver, reachableAddresses } from './target-check.js';

/** A subscription as served: never its secret. */
export type SubscriptionView = SubscriptionRecord & {
  delivery: { position: string; failedAttempts: number; nextAttemptAt?: string };
};

/**
 * Webhook subscriptions through the one command path: made and deleted as events, by admins and secretariats for
 * any State, by a State's token for its own States. The target is checked before the event is written.
 */
export class SubscriptionCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyRecords,
    private readonly queries: SubscriptionQueries,
    private readonly deliveryLog: () => DeliveryLog,
    private readonly targets: { allowed: AllowedTargets; resolve: Resolver },
  ) {}

  subscribe(context: CommandContext, data: Subscribe): Promise<CommandResponse> {
    const { principal } = context;
    authorise(principal, 'Subscribe');
    if (principal.kind === 'token' && principal.role === 'state') {
      statesForScope(data.states, principal.states);
      for (const state of data.states ?? []) authorise(principal, 'Subscribe', state);
    }
    return once(this.idempotency, principal, context.idempotency, async (record) => {
      await reachableAddresses(data.url, this.targets.allowed, this.targets.resolve);
      const subscriptionId = randomUUID();
      const outcome = await this.handler.run({
        stream: subscriptionStream(subscriptionId),
        decider: subscriptionDecider,
        decode: decodeEvent<SubscriptionEvent>,
        commands: [(): SubscriptionCommand => ({ type: 'Subscribe', data: { ...data, subscriptionId } })],
        metadata: metadataFor(context, record, 201),
      });
      return accepted(subscriptionId, 201, outcome);
    });
  }

  unsubscribe(context: CommandContext, id: string): Promise<CommandResponse> {
    authorise(context.principal, 'Unsubscribe');
    this.visible(context.principal, id);
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const outcome = await this.handler.run({
        stream: subscriptionStream(id),
        decider: subscriptionDecider,
        decode: decodeEvent<SubscriptionEvent>,
        commands: [(): SubscriptionCommand => ({ type: 'Unsubscribe', subscriptionId: id })],
        ...(context.ifMatch !== undefined ? { ifMatch: context.ifMatch } : {}),
        metadata: metadataFor(context, record, 200),
      });
      return accepted(id, 200, outcome);
    });
  }

  /** The subscriptions a principal may see: all for admins and secretariats, those of its States for a State's. */
  list(principal: Principal): SubscriptionView[] {
    mayRead(principal);
    return this.queries
      .list()
      .filter((subscription) => covers(principal, subscription))
      .map((subscription) => this.view(subscription));
  }

  get(principal: Principal, id: string): SubscriptionView {
    return this.view(this.visible(principal, id));
  }

  /** A page of a subscription's delivery log, newest attempt first. */
  deliveries(principal: Principal, id: string, before: number, limit: number): DeliveryAttempt[] {
    this.visible(principal, id);
    return this.deliveryLog().attempts(id, before, limit);
  }

  private visible(principal: Principal, id: string): SubscriptionRecord {
    mayRead(principal);
    const subscription = this.queries.get(id);
    // Another State's subscription is not found, rather than forbidden: its existence is not this token's to know.
    if (!subscription || !covers(principal, subscription)) throw new NotFound(`subscription ${id} does not exist`);
    return subscription;
  }

  private view(subscription: SubscriptionRecord): SubscriptionView {
    const cursor = this.deliveryLog().cursor(subscription.id, subscription.position);
    return {
      ...subscription,
      delivery: {
        position: cursor.position,
        failedAttempts: cursor.attempts,
        ...(cursor.nextAttemptAt > 0 ? { nextAttemptAt: new Date(cursor.nextAttemptAt).toISOString() } : {}),
      },
    };
  }
}

function mayRead(principal: Principal): void {
  if (principal.kind === 'anonymous') throw new Unauthorized('subscriptions are read with a bearer token');
  if (principal.role === 'reader') throw new Forbidden('the reader role may not read subscriptions');
}

function covers(principal: Principal, subscription: SubscriptionRecord): boolean {
  if (principal.kind !== 'token') return false;
  if (principal.role !== 'state') return true;
  return subscription.states.length > 0 && subscription.states.every((state) => principal.states.includes(state));
}
