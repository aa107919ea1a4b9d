/**
 * Errors that are not about the input: running out of memory and a broken WebAssembly engine.
 * They are recognised by type and message (V8, SpiderMonkey, JavaScriptCore, DuckDB and
 * Emscripten word them differently) and turned into a message that says what happened and what
 * to do. After a WebAssembly trap the engine's memory may be inconsistent, so the error is marked
 * `fatal`: the app then replaces the worker and loads the project again.
 */

/** Allocation failures: JavaScript heap, typed arrays, WebAssembly memory, DuckDB's buffer manager. */
const OUT_OF_MEMORY = [
  /allocation failed/i,
  /out of memory/i,
  /Invalid (typed )?array length/i,
  /Array buffer allocation/i,
  /Maximum memory size exceeded/i,
  /WebAssembly\.Memory.*(grow|size)/i,
  /could not allocate/i,
  /failed to allocate/i,
  /bad_alloc/i,
  /Cannot enlarge memory/i,
  /Aborted\(OOM\)/i,
  /Invalid string length/i,
];

/** WebAssembly traps: the engine stopped in the middle of something and may be broken. */
const TRAP = [/memory access out of bounds/i, /^unreachable/i, /RuntimeError/, /Aborted\(/i, /index out of bounds/i, /null function or function signature mismatch/i];

export function isOutOfMemory(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return OUT_OF_MEMORY.some((re) => re.test(msg));
}

export function isTrap(e: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return true;
  const name = e instanceof Error ? e.name : '';
  const msg = e instanceof Error ? e.message : String(e);
  return name === 'RuntimeError' || TRAP.some((re) => re.test(msg));
}

/** Plain words for what a request was doing. */
const DOING: Record<string, string> = {
  stage: 'reading the file',
  'stage-url': 'downloading and reading the file',
  import: 'importing the data',
  'env-load': 'loading the environmental layers',
};

/** The error as it crosses to the app: plain words for memory and engine failures. */
export function describeFailure(err: unknown, request: string): { name: string; message: string; stack?: string; fatal?: boolean } {
  const e = err instanceof Error ? err : new Error(String(err));
  const doing = DOING[request] ?? `running "${request}"`;
  const original = e.message.split('\n')[0].slice(0, 300);
  if (isOutOfMemory(e)) {
    const fatal = isTrap(e);
    return {
      name: 'OutOfMemoryError',
      message:
        `The browser ran out of memory while ${doing} (${original}). ` +
        'Close other tabs and try again; or use less data at once: a shorter period or fewer offences in the filters before long analyses, ' +
        'fewer permutations, a coarser resolution, or a file split by year with only the columns you need (Parquet takes less memory than CSV). ' +
        "The command-line tool (npm run cli) is not bound by a browser tab's memory." +
        (fatal ? ' The engine was restarted and your project loaded again.' : ''),
      stack: e.stack,
      ...(fatal ? { fatal } : {}),
    };
  }
  if (isTrap(e))
    return {
      name: 'EngineFailure',
      message: `The data engine failed while ${doing} (${original}). It was restarted and your project loaded again; if this happens again with the same data, please report it with the steps that led to it.`,
      stack: e.stack,
      fatal: true,
    };
  return { name: e.name, message: e.message, stack: e.stack };
}
