import { institutionIdOf, type RegisterInstitution } from '../../domain/institution/institution.js';
import { authorise } from '../../domain/token/permissions.js';
import type { CommandContext, CommandResponse } from './context.js';
import { INSTITUTIONS, type PlannedStreams } from './planned.js';

/** The institutions of a State that take responsibility for recommendations and carry out actions. */
export class InstitutionCommands {
  constructor(private readonly streams: PlannedStreams) {}

  register(context: CommandContext, data: RegisterInstitution): Promise<CommandResponse> {
    authorise(context.principal, 'RegisterInstitution', data.state);
    return this.streams.create(context, INSTITUTIONS, institutionIdOf(data), async () => ({
      type: 'RegisterInstitution' as const,
      data,
    }));
  }
}
