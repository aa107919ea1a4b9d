/** Starts the engine worker and returns its typed client (browser only). */
import { EngineClient } from './client';

export function startEngine(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  return new EngineClient(worker);
}
