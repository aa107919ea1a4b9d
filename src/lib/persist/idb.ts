/**
 * Promise helpers over IndexedDB (no wrapper library: a handful of calls). Each transaction is
 * all-or-nothing: if the page is closed or killed before it commits, the browser rolls it back.
 */

/** Resolves with a request's result, rejects with its error. */
export function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when a transaction commits; rejects when it aborts or fails. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('The browser stopped the save (transaction aborted)'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/** Opens (and creates or upgrades) a database. */
export function openDb(factory: IDBFactory, name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let r: IDBOpenDBRequest;
    try {
      r = factory.open(name, version);
    } catch (e) {
      reject(e);
      return;
    }
    r.onupgradeneeded = () => upgrade(r.result);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
    r.onblocked = () => reject(new Error('The saved project is held by another tab of this app being upgraded: close the other tabs and reload.'));
  });
}

/** Deletes a database; waits while other tabs still hold it open (they are asked to close). */
export function deleteDb(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = factory.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    r.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    r.onerror = () => {
      clearTimeout(timer);
      reject(r.error ?? new Error('IndexedDB could not be deleted'));
    };
    // Another tab that does not let go: say so instead of waiting for ever.
    r.onblocked = () => {
      timer ??= setTimeout(() => reject(new Error('another tab of this app still has it open: close the other tabs and try again')), 5000);
    };
  });
}
