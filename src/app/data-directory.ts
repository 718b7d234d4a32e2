/** The data directory and the SQLite file in it: created when missing, and, when unusable, a cause a person can act on. */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase, writeFault } from '../eventstore/sqlite/database.js';
import { isUnavailable, sqliteCode } from '../eventstore/sqlite/errors.js';

/** The data directory, or the database in it, cannot serve: what is wrong and, choosing another directory aside, how to fix it. */
export class DataDirectoryProblem extends Error {
  constructor(
    readonly dataDir: string,
    /** What is wrong, naming the path. */
    readonly problem: string,
    /** The errno or SQLite code behind it. */
    readonly code: string,
    /** What would fix it, in the imperative. */
    readonly remedy: string,
    options?: ErrorOptions,
  ) {
    super(`${problem} (${code}); ${remedy}`, options);
    this.name = 'DataDirectoryProblem';
  }
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

function user(): string {
  try {
    return `user ${userInfo().username}`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** The errno of `access(path, mode)`, or undefined when allowed. */
function denied(path: string, mode: number): string | undefined {
  try {
    accessSync(path, mode);
    return undefined;
  } catch (error) {
    return errno(error) ?? 'EACCES';
  }
}

/** The nearest existing path at or above `path`. */
function existing(path: string): string {
  let at = resolve(path);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Creates the data directory when missing; returns the path of `name` in it. */
export function fileInDataDirectory(dataDir: string, name: string): string {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const code = errno(error) ?? 'EIO';
    const found = existing(dataDir);
    const fail = (problem: string, remedy: string) =>
      new DataDirectoryProblem(dataDir, problem, code, remedy, { cause: error });
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const where =
        found === resolve(dataDir) ? `the data directory ${dataDir}` : `${found}, on the data directory's path,`;
      throw fail(`${where} is a file, not a folder`, 'move that file away');
    }
    if (code === 'EROFS') {
      throw fail(
        `cannot create the data directory ${dataDir}: ${found} is on a read-only file system`,
        'mount it read-write',
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw fail(
        `cannot create the data directory ${dataDir}: ${found} is not writable by ${user()}`,
        'create the directory with write access for this user',
      );
    }
    throw error;
  }
  if (!statSync(dataDir).isDirectory()) {
    throw new DataDirectoryProblem(
      dataDir,
      `the data directory ${dataDir} is a file, not a folder`,
      'ENOTDIR',
      'move that file away',
    );
  }
  return join(dataDir, name);
}

/** Why `file` cannot be opened or written, in words, from what this user may do to it and to its folder. */
function accessProblem(dataDir: string, file: string, code: string, cause: unknown): DataDirectoryProblem | undefined {
  const folder = dirname(file);
  const exists = existsSync(file);
  const fail = (problem: string, remedy: string) => new DataDirectoryProblem(dataDir, problem, code, remedy, { cause });
  if (denied(folder, constants.W_OK) === 'EROFS' || (exists && denied(file, constants.W_OK) === 'EROFS')) {
    return fail(`the database ${file} is on a read-only file system`, 'mount it read-write');
  }
  if (!exists && denied(folder, constants.W_OK)) {
    return fail(
      `cannot create the database in ${folder}: the folder is not writable by ${user()}`,
      'give this user write access to the folder',
    );
  }
  if (exists && denied(file, constants.R_OK)) {
    return fail(`the database ${file} cannot be read by ${user()}`, 'give this user read and write access to it');
  }
  if (exists && denied(file, constants.W_OK)) {
    return fail(`the database ${file} is read-only for ${user()}`, 'give this user write access to it');
  }
  if (denied(folder, constants.W_OK)) {
    return fail(
      `the folder ${folder} is not writable by ${user()}, and SQLite keeps its write-ahead log beside the database`,
      'give this user write access to the folder',
    );
  }
  return undefined;
}

/** Opens the SQLite file of the data directory; a file it cannot open is explained (DataDirectoryProblem). */
export function openInDataDirectory(dataDir: string, file: string): Database {
  try {
    return openDatabase(file);
  } catch (error) {
    const code = sqliteCode((error as Error).cause) ?? sqliteCode(error) ?? 'SQLITE_CANTOPEN';
    if (code.startsWith('SQLITE_NOTADB')) {
      throw new DataDirectoryProblem(dataDir, `${file} is not a SQLite database`, code, 'move that file away', {
        cause: error,
      });
    }
    throw accessProblem(dataDir, file, code, error) ?? error;
  }
}

function cannotWrite(db: Database, dataDir: string, fault: unknown): DataDirectoryProblem {
  const code = sqliteCode((fault as Error | undefined)?.cause) ?? sqliteCode(fault) ?? 'SQLITE_READONLY';
  return (
    (db.memory ? undefined : accessProblem(dataDir, db.name, code, fault)) ??
    new DataDirectoryProblem(
      dataDir,
      `the database ${db.name} cannot be written`,
      code,
      'give this user write access to it',
      {
        cause: fault,
      },
    )
  );
}

/** Why the open database cannot be written now, explained, or undefined when it can. */
export function unwritable(db: Database, dataDir: string): DataDirectoryProblem | undefined {
  const fault = writeFault(db);
  return fault ? cannotWrite(db, dataDir, fault) : undefined;
}

/** Runs the first writes on a database just opened (its migrations); one that cannot be written is closed and explained. */
export function preparing<T>(db: Database, dataDir: string, prepare: () => T): T {
  try {
    return prepare();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    db.close();
    throw cannotWrite(db, dataDir, error);
  }
}
