declare module 'duckdb-browser-blocking' {
  export * from '@duckdb/duckdb-wasm/dist/types/src/targets/duckdb-browser-blocking';
}
