/**
 * The data engine: one synchronous DuckDB-wasm instance and the few operations the app needs.
 *
 * The same class runs in Node (CLI, tests, benchmarks) and inside the browser's engine worker,
 * over DuckDB-wasm's *blocking* bindings, so every SQL statement behaves identically in both.
 * Results cross as Arrow IPC bytes decoded with this project's own apache-arrow copy, so a
 * second Arrow copy inside a bundle can never make inserts silently empty.
 */
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';

/** Settings that keep DuckDB-wasm offline: extensions are never downloaded. */
export const OFFLINE_SETTINGS = [
  'SET autoinstall_known_extensions=false',
  'SET autoload_known_extensions=false',
];

export class Engine {
  readonly db: DuckDBBindings;
  private readonly conn: number;

  constructor(db: DuckDBBindings) {
    this.db = db;
    this.conn = db.connect().useUnsafe((_b, c) => c);
    for (const s of OFFLINE_SETTINGS) this.exec(s);
  }

  /** Runs SQL for its effect. */
  exec(sql: string): void {
    this.db.runQuery(this.conn, sql);
  }

  /** Runs SQL and returns the result as an Arrow table. */
  query(sql: string): Table {
    return tableFromIPC(this.db.runQuery(this.conn, sql));
  }

  /** Runs SQL and returns plain row objects (for small results only). */
  rows<T = Record<string, unknown>>(sql: string): T[] {
    return this.query(sql).toArray().map((r) => r.toJSON() as T);
  }

  /** Creates (or replaces) table `name` from an Arrow table. */
  insertArrow(name: string, table: Table): void {
    this.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
    this.db.insertArrowFromIPCStream(this.conn, tableToIPC(table, 'stream'), { name, create: true });
  }

  /** Makes bytes readable by SQL under a virtual file name. */
  registerFile(name: string, bytes: Uint8Array): void {
    this.db.registerFileBuffer(name, bytes);
  }

  /** Removes a virtual file. */
  dropFile(name: string): void {
    this.db.dropFile(name);
  }

  /**
   * A query's result as CSV bytes (RFC 4180 quoting; DuckDB renders every value as text). Not
   * `COPY … TO`: DuckDB-wasm's Node runtime would write that file to the real disk.
   */
  exportCsv(sql: string): Uint8Array {
    const t = this.query(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`);
    const names = t.schema.fields.map((f) => f.name);
    const cols = names.map((n) => t.getChild(n)!.toArray() as (string | null)[]);
    const q = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v);
    const lines = [names.map(q).join(',')];
    for (let i = 0; i < t.numRows; i++) lines.push(cols.map((c) => q(c[i])).join(','));
    return new TextEncoder().encode(lines.join('\n') + '\n');
  }

  /** Whether a table exists. */
  hasTable(name: string): boolean {
    const r = this.rows<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ${str(name)}`,
    );
    return r[0].n > 0;
  }
}

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes an SQL string literal. */
export function str(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}
