/**
 * The worker protocol, driven in Node through the same Dispatcher the browser worker uses:
 * one result or error per request id, progress events first, cancellation at checkpoints, and
 * errors that cross as {name, message, stack}.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createNodeService } from '../../src/lib/engine/node';
import { Dispatcher } from '../../src/lib/engine/dispatch';
import type { IncidentService } from '../../src/lib/engine/service';
import type { ToWorkerMessage, WorkerMessage } from '../../src/lib/engine/protocol';
import { shared } from '../helpers/paths';

describe('engine protocol', () => {
  let service: IncidentService;
  const sent: WorkerMessage[] = [];
  let d: Dispatcher;
  const until = async (id: number) => {
    for (let i = 0; i < 2000; i++) {
      const m = sent.find((x) => x.id === id && x.kind !== 'progress');
      if (m) return m;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer to ${id}`);
  };
  const send = (m: ToWorkerMessage) => d.receive(m);

  beforeAll(async () => {
    service = await createNodeService();
    d = new Dispatcher(Promise.resolve(service), (m) => sent.push(m), async (url) => fs.readFileSync(url.replace('file://', '')));
  });

  it('stages a URL, imports with progress, and answers each id once', async () => {
    send({ kind: 'request', id: 1, type: 'stage-url', params: { url: 'file://' + shared('data/memphis/memphis_robberies.csv') } });
    const staged = await until(1);
    expect(staged.kind).toBe('result');
    const det = (staged as { result: { name: string; preset: string; mapping: object } }).result;
    expect(det).toMatchObject({ name: 'memphis_robberies.csv', preset: 'memphis' });
    send({ kind: 'request', id: 2, type: 'import', params: { mapping: det.mapping, boundary: null, clip: false } });
    send({ kind: 'request', id: 3, type: 'aggregate', params: { res: 8, filter: {} } });
    const rep = await until(2);
    const agg = await until(3);
    expect(rep.kind).toBe('result');
    expect((agg as { result: { total: number } }).result.total).toBe(2245);
    const progress = sent.filter((m) => m.id === 2 && m.kind === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.map((p) => (p as { stage: string }).stage)).toContain('Indexing H3 cells');
    expect(sent.filter((m) => m.id === 2 && m.kind !== 'progress').length).toBe(1);
  });

  it('cancels an import at its next checkpoint with an AbortError, and keeps the old data', async () => {
    send({ kind: 'request', id: 4, type: 'stage-url', params: { url: 'file://' + shared('data/chicago/burglary_2017.csv') } });
    const det = (await until(4)) as { result: { mapping: object } };
    send({ kind: 'request', id: 5, type: 'import', params: { mapping: det.result.mapping as never, boundary: null, clip: false } });
    send({ kind: 'cancel', id: 5 });
    const r = await until(5);
    expect(r.kind).toBe('error');
    expect((r as { error: { name: string } }).error.name).toBe('AbortError');
    send({ kind: 'request', id: 6, type: 'aggregate', params: { res: 8, filter: {} } });
    expect(((await until(6)) as { result: { total: number } }).result.total).toBe(2245);
  });

  it('sends errors as {name, message, stack}', async () => {
    send({ kind: 'request', id: 7, type: 'aggregate', params: { res: 42, filter: {} } });
    const e = (await until(7)) as { kind: string; error: { name: string; message: string; stack?: string } };
    expect(e.kind).toBe('error');
    expect(e.error.name).toBe('RangeError');
    expect(e.error.message).toBe('Resolution must be 6–11, got 42');
    expect(e.error.stack).toContain('aggregate');
  });
});
