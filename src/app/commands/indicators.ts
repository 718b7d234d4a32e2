import { indicatorStream } from '../../domain/identity.js';
import { indicatorDecider, indicatorIdOf } from '../../domain/indicator/decider.js';
import type { DefineIndicator, IndicatorEvent, RecordIndicatorValue } from '../../domain/indicator/indicator.js';
import { authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

const INDICATORS = { stream: indicatorStream, decider: indicatorDecider, decode: decodeEvent<IndicatorEvent> };

/** Indicators: a baseline, a target by a date, and values over time. */
export class IndicatorCommands {
  constructor(private readonly streams: PlannedStreams) {}

  define(context: CommandContext, data: DefineIndicator): Promise<CommandResponse> {
    authorise(context.principal, 'DefineIndicator', data.state);
    return this.streams.create(context, INDICATORS, indicatorIdOf(data), async () => {
      const recommendations = await this.streams.recommendations(data.recommendationIds);
      return { type: 'DefineIndicator' as const, data, recommendations };
    });
  }

  recordValue(context: CommandContext, id: string, data: RecordIndicatorValue): Promise<CommandResponse> {
    return this.streams.onExisting(context, INDICATORS, id, 'RecordIndicatorValue', async () => ({
      type: 'RecordIndicatorValue' as const,
      data,
    }));
  }
}
