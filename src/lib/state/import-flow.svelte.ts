/**
 * The import dialog flow: a file (picker, drop or URL) is staged, its detected columns are shown
 * for confirmation, the import runs with progress, and the validation report opens. If the import
 * fails, the column dialog comes back with the message and the loaded data stays as it was.
 */
import type { FeatureCollection } from 'geojson';
import type { ColumnMapping, Detection } from '../engine/protocol';
import type { Coordinator } from './coordinator.svelte';

export class ImportFlow {
  /** The staged file awaiting confirmation (the column dialog is open while set). */
  detection = $state.raw<Detection | null>(null);
  /** Why the last confirmed import failed, shown inside the column dialog. */
  failure = $state<string | null>(null);
  reportOpen = $state(false);
  readonly #app: Coordinator;

  constructor(app: Coordinator) {
    this.#app = app;
  }

  async fromFile(file: File): Promise<void> {
    this.failure = null;
    this.detection = await this.#app.stageFile(file);
  }

  /** Opens a cube (its folder's files) directly: no column dialog, the report opens. */
  async fromCube(files: File[]): Promise<void> {
    this.failure = null;
    this.detection = null;
    if (await this.#app.openCube(files)) this.reportOpen = true;
  }

  async fromUrl(url: string): Promise<void> {
    this.failure = null;
    this.detection = await this.#app.stageUrl(url);
  }

  /** Runs the import under the confirmed mapping. */
  async confirm(mapping: ColumnMapping, boundary: FeatureCollection | null, clip: boolean): Promise<void> {
    const det = this.detection;
    if (!det) return;
    this.detection = null;
    this.failure = null;
    const report = await this.#app.importStaged(mapping, boundary, clip, { name: det.name, isDemo: false });
    if (report) {
      this.reportOpen = true;
    } else if (this.#app.error) {
      // Let the user correct the mapping; the message is also in the page's error banner.
      this.failure = this.#app.error;
      this.detection = { ...det, mapping };
    }
  }

  cancel(): void {
    this.detection = null;
    this.failure = null;
  }
}
