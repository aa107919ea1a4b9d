import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the project (tests and benchmarks may read it; the app never does). */
export const SHARED = path.resolve(ROOT, '../shared');
export const shared = (...p: string[]) => path.join(SHARED, ...p);
