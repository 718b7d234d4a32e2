import type {
  ActionEvent,
  PlanAction,
  RecordMeasureOfAction,
  ReportActionProgress,
} from '../../domain/action/action.js';
import { actionDecider, actionIdOf } from '../../domain/action/decider.js';
import type { ActionState } from '../../domain/action/state.js';
import { membersOn } from '../../domain/cluster/decider.js';
import { NotFound } from '../../domain/errors.js';
import { actionStream, recommendationStream } from '../../domain/identity.js';
import { recommendationDecider } from '../../domain/recommendation/decider.js';
import { authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import { today } from '../../today.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

const ACTIONS = { stream: actionStream, decider: actionDecider, decode: decodeEvent<ActionEvent> };

/** Actions: who does what for which recommendations by when, how far it got, and the measure it took. */
export class ActionCommands {
  constructor(private readonly streams: PlannedStreams) {}

  plan(context: CommandContext, data: PlanAction): Promise<CommandResponse> {
    authorise(context.principal, 'PlanAction', data.state);
    return this.streams.create(context, ACTIONS, actionIdOf(data), async () => {
      const institution = await this.streams.institution(data.institution);
      const recommendations = await this.streams.recommendations(data.recommendationIds ?? []);
      const cluster = data.clusterId !== undefined ? await this.streams.cluster(data.clusterId) : undefined;
      const plannedOn = data.plannedOn ?? today();
      return {
        type: 'PlanAction' as const,
        data: { ...data, plannedOn },
        institution,
        recommendations,
        ...(cluster ? { cluster } : {}),
      };
    });
  }

  reportProgress(context: CommandContext, id: string, data: ReportActionProgress): Promise<CommandResponse> {
    return this.streams.onExisting(context, ACTIONS, id, 'ReportActionProgress', async () => ({
      type: 'ReportActionProgress' as const,
      data,
    }));
  }

  /** The measure a completed action took, recorded on one of the recommendations it serves (MeasureImplemented). */
  recordMeasure(context: CommandContext, id: string, data: RecordMeasureOfAction): Promise<CommandResponse> {
    authorise(context.principal, 'RecordMeasureOfAction');
    return this.streams.run({
      context,
      id: data.recommendationId,
      stream: recommendationStream(data.recommendationId),
      decider: recommendationDecider,
      status: 200,
      prepare: async () => {
        const action = await this.action(id);
        if (!action.exists) throw new NotFound(`action ${id} does not exist`);
        authorise(context.principal, 'RecordMeasureOfAction', action.state);
        const cluster = action.clusterId !== undefined ? await this.streams.cluster(action.clusterId) : undefined;
        const clusterMembers = cluster?.exists ? membersOn(cluster.members) : [];
        const institution = await this.streams.institution(action.institutionId);
        const institutionName = institution.exists ? institution.name : action.institutionId;
        return () => ({ type: 'RecordMeasureOfAction' as const, data, action, clusterMembers, institutionName });
      },
    });
  }

  private action(id: string): Promise<ActionState> {
    return this.streams.state(ACTIONS, id);
  }
}
