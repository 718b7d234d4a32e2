import type { AddToCluster, FormCluster } from '../../domain/cluster/cluster.js';
import { type ClusterCommand, clusterIdOf } from '../../domain/cluster/decider.js';
import { type Action, authorise } from '../../domain/token/permissions.js';
import type { CalendarDate } from '../../domain/vocabulary.js';
import { today } from '../../today.js';
import type { CommandContext, CommandResponse } from './context.js';
import { CLUSTERS, type PlannedStreams } from './planned.js';

/** Clusters: a State's recommendations of any mechanism grouped by subject. */
export class ClusterCommands {
  constructor(private readonly streams: PlannedStreams) {}

  form(context: CommandContext, data: FormCluster): Promise<CommandResponse> {
    authorise(context.principal, 'FormCluster', data.state);
    return this.streams.create(context, CLUSTERS, clusterIdOf(data), async () => {
      const recommendations = await this.streams.recommendations(data.recommendationIds);
      const formedOn = data.formedOn ?? today();
      return { type: 'FormCluster' as const, data: { ...data, formedOn }, recommendations };
    });
  }

  add(context: CommandContext, id: string, data: AddToCluster): Promise<CommandResponse> {
    return this.onExisting(context, id, 'AddToCluster', async () => {
      const recommendations = await this.streams.recommendations(data.recommendationIds);
      const on = data.on ?? today();
      return { type: 'AddToCluster', data: { ...data, on }, recommendations };
    });
  }

  remove(context: CommandContext, id: string, recommendationId: string, on?: CalendarDate): Promise<CommandResponse> {
    return this.onExisting(context, id, 'RemoveFromCluster', async () => ({
      type: 'RemoveFromCluster',
      recommendationId,
      on: on ?? today(),
    }));
  }

  /** A command on a formed cluster, authorised against its State. */
  private onExisting(
    context: CommandContext,
    id: string,
    action: Action,
    command: () => Promise<ClusterCommand>,
  ): Promise<CommandResponse> {
    return this.streams.onExisting(context, CLUSTERS, id, action, command);
  }
}
