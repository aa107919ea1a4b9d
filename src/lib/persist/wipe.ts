/**
 * "Delete all local data": everything this app's origin keeps in the browser — every IndexedDB
 * database (the saved project), localStorage and sessionStorage (settings), the origin-private
 * file system, Cache Storage and any service worker. What could not be deleted is reported.
 */
import { deleteDb } from './idb';

/** What the browser still holds for this origin (for the dialog and the tests). */
export interface LocalData {
  indexedDb: string[];
  localStorage: number;
  sessionStorage: number;
  opfs: string[];
  caches: string[];
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  try {
    return (await navigator.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
}

async function opfsNames(root: FileSystemDirectoryHandle): Promise<string[]> {
  const out: string[] = [];
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(name);
  return out;
}

/** Lists what this origin keeps. */
export async function localData(): Promise<LocalData> {
  const dbs = typeof indexedDB !== 'undefined' && indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name ?? '') : [];
  const root = await opfsRoot();
  return {
    indexedDb: dbs,
    localStorage: typeof localStorage !== 'undefined' ? localStorage.length : 0,
    sessionStorage: typeof sessionStorage !== 'undefined' ? sessionStorage.length : 0,
    opfs: root ? await opfsNames(root) : [],
    caches: typeof caches !== 'undefined' ? await caches.keys() : [],
  };
}

/** Deletes everything this origin keeps; returns what could not be deleted (empty when all went). */
export async function deleteAllLocalData(): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown> | unknown) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };
  if (typeof indexedDB !== 'undefined' && indexedDB.databases)
    for (const d of await indexedDB.databases()) if (d.name) await attempt(`database ${d.name}`, () => deleteDb(indexedDB, d.name!));
  await attempt('settings', () => localStorage.clear());
  await attempt('session settings', () => sessionStorage.clear());
  const root = await opfsRoot();
  if (root) for (const name of await opfsNames(root)) await attempt(`file ${name}`, () => root.removeEntry(name, { recursive: true }));
  if (typeof caches !== 'undefined') for (const k of await caches.keys()) await attempt(`cache ${k}`, () => caches.delete(k));
  if (navigator.serviceWorker) for (const r of await navigator.serviceWorker.getRegistrations()) await attempt('service worker', () => r.unregister());
  const left = await localData();
  if (left.indexedDb.length) problems.push(`databases still present: ${left.indexedDb.join(', ')} (close the app's other tabs and try again)`);
  return problems;
}
