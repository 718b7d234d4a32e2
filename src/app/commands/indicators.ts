import { indicatorStream } from '../../domain/identity.js';
import { indicatorDecider, indicatorIdOf } from '../../domain/indicator/decider.js';
import type { DefineIndicator, RecordIndicatorValue } from '../../domain/indicator/indicator.js';
import { authorise } from '../../domain/token/permissions.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

/** Indicators: a baseline, a target by a date, and values over time. */
export class IndicatorCommands {
  constructor(private readonly streams: PlannedStreams) {}

  define(context: CommandContext, data: DefineIndicator): Promise<CommandResponse> {
    authorise(context.principal, 'DefineIndicator', data.state);
    const id = indicatorIdOf(data);
    return this.streams.run({
      context,
      id,
      stream: indicatorStream(id),
      decider: indicatorDecider,
      status: 201,
      prepare: async () => {
        const recommendations = await this.streams.recommendations(data.recommendationIds);
        return () => ({ type: 'DefineIndicator' as const, data, recommendations });
      },
    });
  }

  recordValue(context: CommandContext, id: string, data: RecordIndicatorValue): Promise<CommandResponse> {
    authorise(context.principal, 'RecordIndicatorValue');
    return this.streams.run({
      context,
      id,
      stream: indicatorStream(id),
      decider: indicatorDecider,
      status: 200,
      prepare: async () => (state) => {
        if (state.exists) authorise(context.principal, 'RecordIndicatorValue', state.state);
        return { type: 'RecordIndicatorValue' as const, data };
      },
    });
  }
}
