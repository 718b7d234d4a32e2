/** Connection strings: the client knows `esdb://` and `esdb+discover://`; KurrentDB's schemes name the same thing. */
export function clientConnectionString(connectionString: string): string {
  const match = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//.exec(connectionString);
  if (!match) throw new RangeError('an EventStoreDB connection string starts with esdb:// or esdb+discover://');
  return `esdb${match[2] ?? ''}://${connectionString.slice(match[0].length)}`;
}

/** The connection string without credentials, for logs and messages. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/:\/\/[^@/]*@/, '://***@');
}
