import { institutionStream } from '../../domain/identity.js';
import { institutionDecider, institutionIdOf, type RegisterInstitution } from '../../domain/institution/institution.js';
import { authorise } from '../../domain/token/permissions.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

/** The institutions of a State that take responsibility for recommendations and carry out actions. */
export class InstitutionCommands {
  constructor(private readonly streams: PlannedStreams) {}

  register(context: CommandContext, data: RegisterInstitution): Promise<CommandResponse> {
    authorise(context.principal, 'RegisterInstitution', data.state);
    const id = institutionIdOf(data);
    return this.streams.run({
      context,
      id,
      stream: institutionStream(id),
      decider: institutionDecider,
      status: 201,
      prepare: async () => () => ({ type: 'RegisterInstitution' as const, data }),
    });
  }
}
