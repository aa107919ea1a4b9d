/**
 * The saved project in this browser (IndexedDB), written so that an interrupted save never leaves a
 * corrupt project:
 *
 * 1. new data files (blobs) are written first, each under a fresh id, next to the old ones;
 * 2. one transaction then writes the new generation's manifest and switches the `current` pointer
 *    to it (strict durability: flushed to disk before it reports success);
 * 3. only then are generations older than the previous one, and blobs no kept generation names,
 *    deleted.
 *
 * A page closed or killed during 1 leaves the pointer on the old generation (the orphan blobs go at
 * the next save); during 2 the browser rolls the transaction back; during 3 nothing in use is lost.
 * Loading checks that every blob of the current generation is there with its recorded size and
 * falls back to the previous generation if not. Saves from several tabs are serialised with a Web
 * Lock where the browser has them.
 */
import { committed, deleteDb, openDb, req } from './idb';

export const DB_NAME = 'prevention-planner';
const DB_VERSION = 1;
const LOCK = 'prevention-planner:project-save';

/** A data file a manifest refers to. */
export interface BlobRef {
  id: string;
  size: number;
}

/** One saved generation: a manifest (plain JSON) and the blobs it refers to. */
export interface Generation<M> {
  gen: number;
  savedAt: string;
  manifest: M;
  refs: BlobRef[];
}

/** A loaded project: its generation, and its blobs by id. */
export interface Loaded<M> extends Generation<M> {
  blobs: Map<string, Blob>;
  /** True when the current generation was damaged and the previous one was loaded instead. */
  fellBack: boolean;
}

/** What the store holds (for the Project dialog and the tests). */
export interface StoreUsage {
  generations: number[];
  current: number | null;
  blobs: number;
  bytes: number;
}

/** Test seams: called between the steps of a save (a throw there is an interrupted save). */
export interface SaveHooks {
  /** Before a data file not stored yet is written (for the save status). */
  beforeBlob?: (ref: BlobRef) => void;
  afterBlob?: (id: string) => Promise<void> | void;
  beforeSwitch?: () => Promise<void> | void;
}

type Locks = { request: (name: string, fn: () => Promise<unknown>) => Promise<unknown> };

export class ProjectStore<M> {
  #db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name = DB_NAME,
  ) {}

  private db(): Promise<IDBDatabase> {
    this.#db ??= openDb(this.factory, this.name, DB_VERSION, (db) => {
      if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs');
      if (!db.objectStoreNames.contains('generations')) db.createObjectStore('generations', { keyPath: 'gen' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    }).then((db) => {
      // Another tab deleting all local data: let it, and reopen on the next use.
      db.onversionchange = () => {
        db.close();
        this.#db = null;
      };
      return db;
    });
    this.#db.catch(() => (this.#db = null));
    return this.#db;
  }

  /** Runs `fn` holding the save lock (all tabs of this origin), or directly without Web Locks. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as { locks?: Locks } | undefined)?.locks;
    return locks ? (locks.request(LOCK, fn) as Promise<T>) : fn();
  }

  /**
   * Saves a new generation. `blobs` holds the data files by id; those already stored (same id)
   * are not written again. Returns the new generation number.
   */
  async save(manifest: M, refs: BlobRef[], blobs: Map<string, Blob>, hooks: SaveHooks = {}): Promise<number> {
    return this.locked(async () => {
      const db = await this.db();
      for (const ref of refs) {
        const have = await req(db.transaction('blobs').objectStore('blobs').count(ref.id));
        if (have) continue;
        const blob = blobs.get(ref.id);
        if (!blob) throw new Error(`Data file ${ref.id} is neither given nor stored.`);
        if (blob.size !== ref.size) throw new Error(`Data file ${ref.id} has ${blob.size} bytes, not ${ref.size}.`);
        hooks.beforeBlob?.(ref);
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(blob, ref.id);
        await committed(tx);
        await hooks.afterBlob?.(ref.id);
      }
      await hooks.beforeSwitch?.();
      const tx = db.transaction(['generations', 'meta'], 'readwrite', { durability: 'strict' });
      const meta = tx.objectStore('meta');
      const cur = (await req(meta.get('current'))) as number | undefined;
      const last = (await req(meta.get('last'))) as number | undefined;
      const gen = Math.max(cur ?? 0, last ?? 0) + 1;
      const record: Generation<M> = { gen, savedAt: new Date().toISOString(), manifest, refs };
      tx.objectStore('generations').put(record);
      meta.put(gen, 'current');
      meta.put(gen, 'last');
      if (cur !== undefined) meta.put(cur, 'previous');
      await committed(tx);
      await this.collect(db);
      return gen;
    });
  }

  /** Deletes generations other than the current and previous, and blobs neither refers to. */
  private async collect(db: IDBDatabase): Promise<void> {
    const tx = db.transaction(['generations', 'blobs', 'meta'], 'readwrite');
    const meta = tx.objectStore('meta');
    const keep = new Set([(await req(meta.get('current'))) as number | undefined, (await req(meta.get('previous'))) as number | undefined]);
    const gens = tx.objectStore('generations');
    const used = new Set<string>();
    for (const g of (await req(gens.getAll())) as Generation<M>[]) {
      if (keep.has(g.gen)) g.refs.forEach((r) => used.add(r.id));
      else gens.delete(g.gen);
    }
    const blobs = tx.objectStore('blobs');
    for (const k of await req(blobs.getAllKeys())) if (!used.has(String(k))) blobs.delete(k);
    await committed(tx);
  }

  /** The current project, or the previous generation when the current one is incomplete; null when none. */
  async load(): Promise<Loaded<M> | null> {
    // Opening would create an empty database: look first, so a visit that saves nothing stores nothing.
    if (!this.#db && this.factory.databases && !(await this.factory.databases()).some((d) => d.name === this.name)) return null;
    const db = await this.db();
    const tx = db.transaction(['generations', 'blobs', 'meta'], 'readonly');
    const meta = tx.objectStore('meta');
    const cur = (await req(meta.get('current'))) as number | undefined;
    if (cur === undefined) return null;
    const prev = (await req(meta.get('previous'))) as number | undefined;
    for (const gen of prev === undefined ? [cur] : [cur, prev]) {
      const g = (await req(tx.objectStore('generations').get(gen))) as Generation<M> | undefined;
      if (!g) continue;
      const blobs = new Map<string, Blob>();
      for (const r of g.refs) {
        const b = (await req(tx.objectStore('blobs').get(r.id))) as Blob | undefined;
        if (!b || b.size !== r.size) break;
        blobs.set(r.id, b);
      }
      if (blobs.size === new Set(g.refs.map((r) => r.id)).size) return { ...g, blobs, fellBack: gen !== cur };
    }
    throw new Error('The project saved in this browser is damaged (a data file is missing) and no earlier copy is complete. Import an exported copy, or delete all local data and start again.');
  }

  /** What is stored now. */
  async usage(): Promise<StoreUsage> {
    if (!this.#db && this.factory.databases && !(await this.factory.databases()).some((d) => d.name === this.name)) return { generations: [], current: null, blobs: 0, bytes: 0 };
    const db = await this.db();
    const tx = db.transaction(['generations', 'blobs', 'meta'], 'readonly');
    const gens = ((await req(tx.objectStore('generations').getAllKeys())) as number[]).sort((a, b) => a - b);
    const current = ((await req(tx.objectStore('meta').get('current'))) as number | undefined) ?? null;
    let bytes = 0;
    const all = (await req(tx.objectStore('blobs').getAll())) as Blob[];
    for (const b of all) bytes += b.size;
    return { generations: gens, current, blobs: all.length, bytes };
  }

  /** Closes the connection (before deleting the database). */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = null;
    if (db) (await db.catch(() => null))?.close();
  }

  /** Deletes the whole database. */
  async destroy(): Promise<void> {
    await this.close();
    await deleteDb(this.factory, this.name);
  }
}
