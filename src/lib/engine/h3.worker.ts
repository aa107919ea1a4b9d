/// <reference lib="webworker" />
/** A helper worker that indexes a slice of points into H3 cells (see geo/h3bits.ts). */
import { indexPointsFast as indexPoints } from '../geo/h3bits';

self.onmessage = (ev: MessageEvent<{ lat: Float64Array; lon: Float64Array; resolutions: number[] }>) => {
  const out = indexPoints(ev.data.lat, ev.data.lon, ev.data.resolutions);
  (self as DedicatedWorkerGlobalScope).postMessage(out, out.map((a) => a.buffer));
};
