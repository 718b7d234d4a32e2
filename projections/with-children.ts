import type { Database, Statement } from 'better-sqlite3';
import { groupedBy } from './grouped.js';

/** The tables of a State's records kept with rows of their own (an action's progress reports), and their orders. */
export interface ChildTables<Key extends string> {
  /** The records': an `id` primary key and a `state` column. */
  readonly table: string;
  /** A State's records in this order, columns of `table`. */
  readonly order: string;
  /** The records' own rows. */
  readonly children: string;
  /** The column of `children` naming the record a row belongs to. */
  readonly parentId: Key;
  /** A record's rows in this order, columns of `children`: the order they were recorded in. */
  readonly childOrder: readonly string[];
}

/**
 * A State's records each kept with rows of its own (an action's progress reports, an indicator's values, a cluster's
 * members): one record with its rows, or a State's all with theirs in two statements, each made by `record`.
 */
export class RecordsWithChildren<
  Row extends { id: string },
  Key extends string,
  Child extends Record<Key, string>,
  Out,
> {
  private readonly selectOne: Statement<[string], Row>;
  private readonly selectOfState: Statement<[string], Row>;
  private readonly selectChildren: Statement<[string], Child>;
  private readonly selectChildrenOfState: Statement<[string], Child>;
  private readonly parentId: Key;

  constructor(
    db: Database,
    private readonly record: (row: Row, children: readonly Child[]) => Out,
    tables: ChildTables<Key>,
  ) {
    const { table, order, children, parentId, childOrder } = tables;
    this.parentId = parentId;
    this.selectOne = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    this.selectOfState = db.prepare(`SELECT * FROM ${table} WHERE state = ? ORDER BY ${order}`);
    this.selectChildren = db.prepare(
      `SELECT * FROM ${children} WHERE ${parentId} = ? ORDER BY ${childOrder.join(', ')}`,
    );
    this.selectChildrenOfState = db.prepare(`
      SELECT c.* FROM ${children} c JOIN ${table} p ON p.id = c.${parentId} WHERE p.state = ?
      ORDER BY ${[parentId, ...childOrder].map((column) => `c.${column}`).join(', ')}
    `);
  }

  get(id: string): Out | undefined {
    const row = this.selectOne.get(id);
    return row && this.record(row, this.selectChildren.all(id));
  }

  ofState(state: string): Out[] {
    const children = groupedBy(this.selectChildrenOfState.all(state), (child) => child[this.parentId]);
    return this.selectOfState.all(state).map((row) => this.record(row, children.get(row.id) ?? []));
  }
}
