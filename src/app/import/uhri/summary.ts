/** What an import did with every record: recorded, skipped by type, rejected with a reason; warnings by kind. */
import type { MappedRecord } from './map.js';
import type { UhriFormat } from './read.js';

/** What recording one recommendation did: first recorded, changed (an event for what changed), or nothing new. */
export type RecordOutcome = 'new' | 'changed' | 'unchanged' | { rejected: string };

export interface RejectedRecord {
  /** The row a spreadsheet shows (header is row 1), or the record's number in the JSON array (from 1). */
  row: number;
  reason: string;
}

export interface ImportWarning {
  message: string;
  /** How many records it was given for, and the first of them. */
  count: number;
  firstRow: number;
}

export interface ImportSummary {
  format: UhriFormat;
  /** Records read: each is recorded, skipped or rejected. */
  records: number;
  /** Records that were recommendations and were recorded (a record about several States counts once). */
  recorded: number;
  /** Recommendations, one per State concerned: new, changed since the last import, or already as recorded. */
  recommendations: { new: number; changed: number; unchanged: number };
  /** Records of other types (concerns and observations, …), by type: not recommendations, not recorded. */
  skipped: Record<string, number>;
  rejected: RejectedRecord[];
  warnings: ImportWarning[];
}

const WARNING_KINDS = 1000;

export class ImportTally {
  records = 0;
  private recordedRows = new Set<number>();
  private readonly recommendations = { new: 0, changed: 0, unchanged: 0 };
  private readonly skipped: Record<string, number> = {};
  private readonly rejected: RejectedRecord[] = [];
  private readonly warnings = new Map<string, ImportWarning>();
  private rejectedRows = new Set<number>();

  constructor(private readonly format: UhriFormat) {}

  read(row: number, mapped: MappedRecord): void {
    this.records++;
    if (mapped.kind === 'skipped') this.skipped[mapped.type] = (this.skipped[mapped.type] ?? 0) + 1;
    else if (mapped.kind === 'rejected') this.reject(row, mapped.reason);
    else for (const message of mapped.warnings) this.warn(row, message);
  }

  recorded(recommendation: { rows: readonly number[] }, outcome: RecordOutcome): void {
    if (typeof outcome === 'object') {
      for (const row of recommendation.rows) this.reject(row, outcome.rejected);
      return;
    }
    this.recommendations[outcome]++;
    for (const row of recommendation.rows) this.recordedRows.add(row);
  }

  warn(row: number, message: string): void {
    const known = this.warnings.get(message);
    if (known) known.count++;
    else if (this.warnings.size < WARNING_KINDS) this.warnings.set(message, { message, count: 1, firstRow: row });
  }

  summary(): ImportSummary {
    // A record about several States is rejected if any of its recommendations is.
    const recorded = [...this.recordedRows].filter((row) => !this.rejectedRows.has(row)).length;
    return {
      format: this.format,
      records: this.records,
      recorded,
      recommendations: { ...this.recommendations },
      skipped: { ...this.skipped },
      rejected: [...this.rejected].sort((a, b) => a.row - b.row),
      warnings: [...this.warnings.values()].sort((a, b) => a.firstRow - b.firstRow),
    };
  }

  private reject(row: number, reason: string): void {
    if (this.rejectedRows.has(row)) return;
    this.rejectedRows.add(row);
    this.rejected.push({ row, reason });
  }
}
