/**
 * The saved project (issue 7, item 4) below the UI:
 * - the store (IndexedDB, here fake-indexeddb): save and load, data files written once, an
 *   interrupted save (at any step before the pointer switch) leaves the previous project whole,
 *   a damaged current generation falls back to the previous one, old copies and orphan files are
 *   collected, and the database can be deleted;
 * - the one-file export (a stored ZIP): round trip, CRC-32, readable by another unzip, and clear
 *   messages for a damaged, cut or foreign file;
 * - the manifest check and the lenient state reader on hostile input;
 * - recognising out-of-memory and WebAssembly failures, through the engine's dispatcher.
 */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectStore } from '../../src/lib/persist/store';
import { crc32Update, readArchive, writeArchive } from '../../src/lib/persist/archive';
import { checkManifest, fileRefs, PROJECT_FORMAT, PROJECT_VERSION } from '../../src/lib/persist/manifest';
import { applyState, fromJson, toJson, type ProjectParts } from '../../src/lib/persist/state';
import { describeFailure, isOutOfMemory, isTrap } from '../../src/lib/engine/failure';
import { Dispatcher } from '../../src/lib/engine/dispatch';
import type { WorkerMessage } from '../../src/lib/engine/protocol';
import type { IncidentService } from '../../src/lib/engine/service';
import { parsePlannerSave } from '../../src/lib/state/planner/persist';
import { defaultPlan } from '../../src/lib/planner/plan';

type M = { name: string };
const blob = (s: string) => new Blob([s]);
const text = (b: Blob | undefined) => b!.text();

async function saveOne(store: ProjectStore<M>, name: string, files: Record<string, string>) {
  const blobs = new Map(Object.entries(files).map(([id, s]) => [id, blob(s)]));
  return store.save({ name }, [...blobs].map(([id, b]) => ({ id, size: b.size })), blobs);
}

describe('project store', () => {
  it('saves and loads a generation with its files', async () => {
    const store = new ProjectStore<M>(new IDBFactory());
    expect(await store.load()).toBeNull();
    const gen = await saveOne(store, 'A', { a: 'alpha', b: 'beta' });
    const got = (await store.load())!;
    expect(got.gen).toBe(gen);
    expect(got.manifest).toEqual({ name: 'A' });
    expect(got.fellBack).toBe(false);
    expect(await text(got.blobs.get('a'))).toBe('alpha');
    expect(await text(got.blobs.get('b'))).toBe('beta');
  });

  it('writes a data file once: a later save that names it again does not copy it', async () => {
    const store = new ProjectStore<M>(new IDBFactory());
    await saveOne(store, 'A', { big: 'x'.repeat(1000) });
    const written: string[] = [];
    const blobs = new Map([['big', blob('x'.repeat(1000))]]);
    await store.save({ name: 'B' }, [{ id: 'big', size: 1000 }], new Map(), { beforeBlob: (r) => written.push(r.id) });
    expect(written).toEqual([]);
    await store.save({ name: 'C' }, [{ id: 'big', size: 1000 }, { id: 'new', size: 3 }], new Map([...blobs, ['new', blob('new')]]), { beforeBlob: (r) => written.push(r.id) });
    expect(written).toEqual(['new']);
    expect((await store.load())!.manifest.name).toBe('C');
  });

  it('an interrupted save leaves the previous project whole, and its orphan files go at the next save', async () => {
    const store = new ProjectStore<M>(new IDBFactory());
    await saveOne(store, 'A', { a: 'alpha' });
    const killed = new Error('page killed');
    // Killed after the first new file, then just before the pointer switch.
    for (const hooks of [{ afterBlob: () => { throw killed; } }, { beforeSwitch: () => { throw killed; } }]) {
      const blobs = new Map([['b', blob('beta')], ['c', blob('gamma')]]);
      await expect(store.save({ name: 'B' }, [{ id: 'b', size: 4 }, { id: 'c', size: 5 }], blobs, hooks)).rejects.toBe(killed);
      const got = (await store.load())!;
      expect(got.manifest.name).toBe('A');
      expect(got.fellBack).toBe(false);
      expect(await text(got.blobs.get('a'))).toBe('alpha');
    }
    expect((await store.usage()).blobs).toBe(3); // a, plus the orphans b and c
    await saveOne(store, 'D', { d: 'delta' });
    const u = await store.usage();
    expect(u.blobs).toBe(2); // d, and a for the previous generation
    expect(u.generations.length).toBe(2);
  });

  it('keeps the last two generations and falls back to the earlier one when the last is damaged', async () => {
    const factory = new IDBFactory();
    const store = new ProjectStore<M>(factory);
    for (const [i, n] of ['A', 'B', 'C', 'D'].entries()) await saveOne(store, n, { [`f${i}`]: n.repeat(i + 1) });
    const u = await store.usage();
    expect(u.generations).toEqual([3, 4]);
    expect(u.blobs).toBe(2);
    // Damage the current generation: delete its file behind the store's back.
    await store.close();
    const db = await new Promise<IDBDatabase>((res) => {
      const r = factory.open('prevention-planner');
      r.onsuccess = () => res(r.result);
    });
    await new Promise<void>((res) => {
      const tx = db.transaction('blobs', 'readwrite');
      tx.objectStore('blobs').delete('f3');
      tx.oncomplete = () => res();
    });
    db.close();
    const got = (await store.load())!;
    expect(got.manifest.name).toBe('C');
    expect(got.fellBack).toBe(true);
    expect(await text(got.blobs.get('f2'))).toBe('CCC');
  });

  it('refuses a save that names a file it neither has nor is given', async () => {
    const store = new ProjectStore<M>(new IDBFactory());
    await expect(store.save({ name: 'X' }, [{ id: 'nope', size: 1 }], new Map())).rejects.toThrow(/neither given nor stored/);
    expect(await store.load()).toBeNull();
  });

  it('deletes the whole database', async () => {
    const factory = new IDBFactory();
    const store = new ProjectStore<M>(factory);
    await saveOne(store, 'A', { a: 'alpha' });
    expect((await factory.databases()).map((d) => d.name)).toEqual(['prevention-planner']);
    await store.destroy();
    expect(await factory.databases()).toEqual([]);
  });
});

describe('project file (stored ZIP)', () => {
  const entries = () => [
    { name: 'project.json', blob: new Blob(['{"a":1}']) },
    { name: 'data/1/incidents été.csv', blob: new Blob(['id,lat,lon\n1,2,3\n']) },
    { name: 'data/2/empty.geojson', blob: new Blob([]) },
  ];

  it('has the standard CRC-32', () => {
    expect(crc32Update(0, new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('reads back what it wrote, entry by entry', async () => {
    const zip = await writeArchive(entries(), { date: new Date(2025, 0, 2, 3, 4, 6) });
    const got = await readArchive(zip, 'p.zip');
    expect([...got.keys()]).toEqual(entries().map((e) => e.name));
    for (const e of entries()) expect(await got.get(e.name)!.text()).toBe(await e.blob.text());
  });

  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('is a ZIP archive another program reads and verifies (Python zipfile)', async () => {
    const zip = await writeArchive(entries());
    const p = path.join(os.tmpdir(), `pp-${process.pid}.zip`);
    fs.writeFileSync(p, new Uint8Array(await zip.arrayBuffer()));
    const r = spawnSync('python3', ['-c', 'import sys,zipfile,json; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps([[i.filename, i.file_size] for i in z.infolist()]))', p], { encoding: 'utf8' });
    fs.rmSync(p);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([['project.json', 7], ['data/1/incidents été.csv', 17], ['data/2/empty.geojson', 0]]);
  });

  it('rejects a damaged, a cut and a foreign file with a message', async () => {
    const zip = new Uint8Array(await (await writeArchive(entries())).arrayBuffer());
    const flipped = zip.slice();
    flipped[30 + 'project.json'.length + 2] ^= 0xff;
    await expect(readArchive(new Blob([flipped]), 'p.zip')).rejects.toThrow(/"project.json" is damaged \(its checksum/);
    await expect(readArchive(new Blob([zip.slice(0, zip.length - 30)]), 'p.zip')).rejects.toThrow(/not a ZIP archive|cut short/);
    await expect(readArchive(new Blob(['id,lat\n1,2\n'.repeat(10)]), 'x.csv')).rejects.toThrow(/"x.csv" is not a project file/);
  });
});

describe('manifest check', () => {
  const good = () => ({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    savedAt: '2025-01-01T00:00:00Z',
    dataset: { name: 'x.csv', isDemo: false, file: { id: 'abc-1', size: 10, name: 'x.csv' }, mapping: { lat: 'Lat', lon: 'Lon', datetime: 'When' }, boundary: null, clip: false, report: { read: 5, kept: 4, rejected: { no_coordinates: 1 } } },
    layers: [{ name: 'bars.geojson', type: 'bar', file: { id: 'abc-2', size: 3, name: 'bars.geojson' } }],
    settings: { baseMapUrl: '' },
    state: {},
  });

  it('accepts a project and keeps only known mapping roles', () => {
    const m = good();
    (m.dataset.mapping as Record<string, unknown>).extra = 'ignored';
    const r = checkManifest(m);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.manifest.dataset!.mapping).toEqual({ lat: 'Lat', lon: 'Lon', datetime: 'When' });
  });

  it('names what is wrong with a foreign, newer or broken one', () => {
    const errs = (x: unknown) => (checkManifest(x) as { errors: string[] }).errors.join(' ');
    expect(errs([])).toMatch(/not a JSON object/);
    expect(errs({ ...good(), format: 'other' })).toMatch(/not a Prevention Planner project/);
    expect(errs({ ...good(), version: 9 })).toMatch(/newer version of the app/);
    expect(errs({ ...good(), dataset: { ...good().dataset, file: { id: '../../etc', size: 1, name: 'x' } } })).toMatch(/data set record is incomplete/);
    expect(errs({ ...good(), dataset: { ...good().dataset, mapping: { lat: 42 } } })).toMatch(/mapping's "lat" is not a column name/);
    expect(errs({ ...good(), layers: [{ name: 'x' }] })).toMatch(/Layer 1 is incomplete/);
  });

  const survey = () => ({
    name: 'survey.csv', isDemo: false, file: { id: 'abc-3', size: 7, name: 'survey.csv' }, clip: true, report: { read: 10, kept: 9 },
    mapping: { lat: 'lat', lon: 'lon', answer: 'feel', answerKind: 'scale', scaleMin: 1, scaleMax: 5, highMeans: 'safe', sex: 'gender' },
  });

  it('keeps a community survey (its file among the data files), the demo survey without a file, and none in older projects', () => {
    const r = checkManifest({ ...good(), community: { ...survey(), mapping: { ...survey().mapping, extra: 'ignored' } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.community).toEqual(survey());
    expect(fileRefs(r.manifest).map((f) => f.id)).toEqual(['abc-1', 'abc-2', 'abc-3']);
    const demo = checkManifest({ ...good(), community: { ...survey(), isDemo: true, file: null } });
    expect(demo.ok && demo.manifest.community).toMatchObject({ isDemo: true, file: null });
    expect(demo.ok && fileRefs(demo.manifest).length).toBe(2);
    const old = checkManifest(good());
    expect(old.ok && old.manifest.community).toBeNull();
  });

  it('names what is wrong with a survey record', () => {
    const errs = (c: unknown) => (checkManifest({ ...good(), community: c }) as { errors: string[] }).errors.join(' ');
    expect(errs({ ...survey(), file: { id: '../x', size: 1, name: 'x' } })).toMatch(/community survey record is incomplete/);
    expect(errs({ ...survey(), mapping: { answer: 3 } })).toMatch(/survey mapping's "answer" is not a column name/);
    expect(errs({ ...survey(), mapping: { answerKind: 'guess' } })).toMatch(/survey mapping's "answerKind" is not one of/);
    expect(errs({ ...survey(), mapping: { scaleMin: 'low' } })).toMatch(/survey mapping's "scaleMin" is not a number/);
    expect(errs({ ...survey(), report: { read: 'x' } })).toMatch(/survey record has no row counts/);
  });
});

describe('saved state', () => {
  it('keeps NaN and ±Infinity through JSON', () => {
    const v = { a: NaN, b: [Infinity, -Infinity, 1], c: { $number: 'x' } };
    expect(fromJson(toJson(v))).toEqual(v);
  });

  /** Plain objects with the fields applyState sets (the real classes need the Svelte compiler). */
  function fakeParts() {
    const plan = defaultPlan('P', '2025-01-01');
    const planner = {
      plan, step: 'place', optimiseSettings: { interventions: null, source: 'hotspots', topN: 10, maxExactGroup: 12 },
      evaluation: { treated: null, control: null, bufferM: 200, date: '', hourFrom: 0, hourTo: 0, offences: null },
      fromJSON(json: unknown) {
        const v = parsePlannerSave(json);
        if (v.ok) this.plan = v.value.plan;
        return v;
      },
    };
    const history = { current: { filter: { offences: null, from: '', to: '', hours: [1], weekdays: [1] }, res: 9 }, reset(s: { filter: unknown; res: number }) { this.current = s as never; } };
    const app = { history, get filter() { return history.current.filter; }, get res() { return history.current.res; }, refresh() {}, envHidden: {} };
    const parts = {
      app,
      hotspots: { settings: { method: 'gistar', k: null, weights: 'binary', fdr: true, permutations: 0, seed: 1 } },
      repeats: { space: '0, 100', time: '0, 7', samePlace: true, metric: 'manhattan', permutations: 99, seed: 1, windowDays: 365, flagCount: 3, flagDays: 28 },
      trends: { step: 'month', k: 1, fdr: true, trainTo: '', methods: ['prior'] },
      risk: { k: 1, model: 'poisson', penalty: 'lasso', seed: 1, view: 'risk', term: 'count', trend: 0, controlOverride: {}, trainTo: '', steps: [] },
      planner,
      community: {
        res: 8, k: 5, sex: '', age: '', band: '', layer: 'unsafe', fearThreshold: 0.5, crimePercentile: 80, representative: false, clip: true,
        lensCategories: ['sexual', 'harassment'], genderMap: {} as Record<string, string[]>,
      },
    };
    return parts as unknown as ProjectParts & { planner: typeof planner; app: typeof app; community: (typeof parts)['community'] };
  }

  it('applies valid values and skips, by name, every hostile or out-of-range one', () => {
    const p = fakeParts();
    const skipped = applyState(p, {
      view: { filter: { offences: ['A'], from: '2020-01-01', to: '', hours: [0, 23, 5], weekdays: [7, 1] }, res: 8 },
      hotspots: { method: 'gistar; DROP TABLE', k: 3, weights: 'quartic', fdr: 'yes', permutations: -5, seed: 7 },
      repeats: { space: 'x'.repeat(5000), metric: 'euclidean', permutations: 1e9 },
      trends: { step: 'week', methods: ['kde', '<script>'] },
      risk: { model: 'negbin', trend: 7, steps: [{ text: 'ok', edits: [{ kind: 'add' }] }, '<img>'] },
      planner: { kind: 'prevention-planner-state', version: 1, plan: { ...defaultPlan('Restored', '2025-02-01'), placements: [] } },
      plannerView: { step: 'budget', optimiseSettings: { topN: 5, source: 'elsewhere' } },
      evaluation: { treated: { name: 'T', area: { type: 'Point', coordinates: [0, 0] } }, bufferM: 150, date: 'soon' },
    });
    expect(p.app.history.current).toEqual({ filter: { offences: ['A'], from: '2020-01-01', to: '', hours: [0, 5, 23], weekdays: [1, 7] }, res: 8 });
    expect(p.hotspots.settings).toMatchObject({ method: 'gistar', k: 3, weights: 'quartic', fdr: true, permutations: 0, seed: 7 });
    expect(p.repeats).toMatchObject({ space: '0, 100', metric: 'euclidean', permutations: 99 });
    expect(p.trends).toMatchObject({ step: 'week', methods: ['kde'] });
    expect(p.risk).toMatchObject({ model: 'negbin', trend: 0, steps: [{ text: 'ok', edits: [{ kind: 'add' }] }] });
    expect(p.planner.plan.name).toBe('Restored');
    expect(p.planner.step).toBe('budget');
    expect(p.planner.optimiseSettings).toMatchObject({ topN: 5, source: 'hotspots' });
    expect(p.planner.evaluation).toMatchObject({ treated: null, bufferM: 150, date: '' });
    for (const what of ['hot-spot method', 'hot-spot FDR', 'hot-spot permutations', 'Knox distance breaks', 'Knox permutations', 'risk trend', 'what-if steps', 'optimiser source', 'treated area', 'evaluation date'])
      expect(skipped, what).toContain(what);
  });

  it('applies the Community tab\'s settings and skips bad ones by name', () => {
    const p = fakeParts();
    const skipped = applyState(p, {
      community: {
        res: 7, k: 2, sex: 'female', age: '18-24', band: 'night', layer: 'gap', fearThreshold: 0.4, crimePercentile: 150, representative: true, clip: 'no',
        lensCategories: ['sexual', 'unknown'], genderMap: { 'Sexual assault': ['sexual', 'bogus'], Theft: [] },
      },
    });
    expect(p.community).toMatchObject({ res: 7, k: 5, sex: 'female', age: '18-24', band: '', layer: 'gap', fearThreshold: 0.4, crimePercentile: 80, representative: true, clip: true });
    expect(p.community.lensCategories).toEqual(['sexual']);
    expect(p.community.genderMap).toEqual({ 'Sexual assault': ['sexual'], Theft: [] });
    expect(skipped).toEqual(['community k', 'community time of day', 'crime percentile', 'community clip']);
  });

  it('leaves the plan alone when the saved one is invalid', () => {
    const p = fakeParts();
    const skipped = applyState(p, { planner: { kind: 'prevention-planner-state', version: 1, plan: { version: 1, name: 'x' } } });
    expect(p.planner.plan.name).toBe('P');
    expect(skipped.join(' ')).toMatch(/^the plan \(/);
  });
});

describe('memory and engine failures', () => {
  it('recognises allocation failures and WebAssembly traps as browsers word them', () => {
    for (const m of ['Array buffer allocation failed', 'Invalid typed array length: 4294967296', 'WebAssembly.Memory.grow(): Maximum memory size exceeded', 'Out of Memory Error: could not allocate block of size 256.0 KiB', 'out of memory', 'Aborted(OOM)'])
      expect(isOutOfMemory(new RangeError(m)), m).toBe(true);
    expect(isOutOfMemory(new Error('Binder Error: column "x" not found'))).toBe(false);
    expect(isTrap(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(true);
    expect(isTrap(new Error('unreachable'))).toBe(true);
    expect(isTrap(new RangeError('Array buffer allocation failed'))).toBe(false);
  });

  it('explains a real allocation failure and a real WebAssembly memory limit, and marks traps fatal', () => {
    let alloc: unknown;
    try {
      new ArrayBuffer(2 ** 52);
    } catch (e) {
      alloc = e;
    }
    const a = describeFailure(alloc, 'import');
    expect(a.name).toBe('OutOfMemoryError');
    expect(a.message).toMatch(/^The browser ran out of memory while importing the data \(.+\)\. Close other tabs/);
    expect(a.fatal).toBeUndefined();
    let grow: unknown;
    try {
      new WebAssembly.Memory({ initial: 1, maximum: 2 }).grow(5);
    } catch (e) {
      grow = e;
    }
    expect(describeFailure(grow, 'knox').name).toBe('OutOfMemoryError');
    const trap = describeFailure(new WebAssembly.RuntimeError('memory access out of bounds'), 'hotspots');
    expect(trap).toMatchObject({ name: 'EngineFailure', fatal: true });
    expect(trap.message).toMatch(/restarted and your project loaded again/);
    expect(describeFailure(new Error('plain'), 'x')).toMatchObject({ name: 'Error', message: 'plain' });
  });

  it('crosses the worker protocol as an explained error', async () => {
    const sent: WorkerMessage[] = [];
    const service = { stage: async () => new Uint8Array(2 ** 52) } as unknown as IncidentService;
    const d = new Dispatcher(Promise.resolve(service), (m) => sent.push(m), async () => new Uint8Array());
    d.receive({ kind: 'request', id: 1, type: 'stage', params: { name: 'big.csv', bytes: new Uint8Array(1) } });
    for (let i = 0; i < 100 && !sent.some((m) => m.kind === 'error'); i++) await new Promise((r) => setTimeout(r, 5));
    const err = sent.find((m) => m.kind === 'error') as Extract<WorkerMessage, { kind: 'error' }>;
    expect(err.error.name).toBe('OutOfMemoryError');
    expect(err.error.message).toMatch(/ran out of memory while reading the file/);
  });
});
