/**
 * The small SQL surface shared by the two engines the bulk pipelines run on (src/lib/engine/bulk.ts,
 * cube-build.ts): DuckDB-wasm (the app's engine, synchronous, here behind promises) and native
 * DuckDB (@duckdb/node-api, Node only: src/lib/engine/native.ts). The same SQL text runs on both.
 */
import type { Table } from 'apache-arrow';
import type { Engine } from './engine';

export interface SqlRunner {
  /** 'wasm' (DuckDB-wasm, 4 GiB at most, one thread) or 'native' (multi-threaded, spills to disk). */
  readonly kind: 'wasm' | 'native';
  /** Runs SQL for its effect. */
  exec(sql: string): Promise<void>;
  /** Runs SQL and returns the result as an Arrow table. */
  query(sql: string): Promise<Table>;
  /** Creates (or replaces) table `name` from an Arrow table. */
  insert(name: string, table: Table): Promise<void>;
}

/** The app's engine as a runner. */
export function wasmRunner(engine: Engine): SqlRunner {
  return {
    kind: 'wasm',
    exec: async (sql) => engine.exec(sql),
    query: async (sql) => engine.query(sql),
    insert: async (name, table) => engine.insertArrow(name, table),
  };
}
