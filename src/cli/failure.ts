/** The one line a failed command prints: the cause and the fix, naming the flag (and its variable) to change. */
import { DataDirectoryProblem } from '../app/data-directory.js';

/** The server could not listen on the configured host and port. */
export class ListenFailure extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    cause: unknown,
  ) {
    super(`cannot listen on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ListenFailure';
  }
}

function listenProblem({ host, port, cause }: ListenFailure): string | undefined {
  const code = (cause as { code?: string } | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use on ${host} (EADDRINUSE); stop what listens there, or choose another port with --port (PORT)`;
    case 'EACCES':
      return `this user may not listen on port ${port} (EACCES: ports below 1024 need privileges); choose a port above 1023 with --port (PORT)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine (EADDRNOTAVAIL); choose one with --host (HOST), such as 127.0.0.1 or 0.0.0.0`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${host} cannot be resolved (${code}); choose another with --host (HOST), such as 127.0.0.1 or 0.0.0.0`;
    default:
      return undefined;
  }
}

/** What went wrong, for a person: a known cause with its fix, else the error's own message. */
export function describeFailure(error: unknown): string {
  if (error instanceof DataDirectoryProblem) {
    return `${error.problem} (${error.code}); ${error.remedy}, or choose another folder with --data-dir (FOLLOWUP_DATA_DIR)`;
  }
  if (error instanceof ListenFailure) return listenProblem(error) ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
