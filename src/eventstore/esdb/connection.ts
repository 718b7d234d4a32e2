/** Our own setting carried in the connection string; removed before the client, which knows no such key, sees it. */
const RETRY_WINDOW = /([?&])retryWindowMs=([^&]*)&?/i;

/** Connection strings: the client knows `esdb://` and `esdb+discover://`; KurrentDB's schemes name the same thing. */
export function clientConnectionString(connectionString: string): string {
  const match = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//.exec(connectionString);
  if (!match) throw new RangeError('an EventStoreDB connection string starts with esdb:// or esdb+discover://');
  const client = `esdb${match[2] ?? ''}://${connectionString.slice(match[0].length)}`;
  return client.replace(RETRY_WINDOW, '$1').replace(/[?&]$/, '');
}

/** `retryWindowMs=N` in the connection string: how long appends and stream reads retry transient faults. */
export function retryWindowOf(connectionString: string): number | undefined {
  const value = RETRY_WINDOW.exec(connectionString)?.[2];
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(value)) {
    throw new RangeError(`retryWindowMs must be a number of milliseconds (1 to 9999999), not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The connection string without credentials, for logs and messages. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/:\/\/[^@/]*@/, '://***@');
}
