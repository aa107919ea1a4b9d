/** `import`: the validation report of a file as JSON. */
import type { Command } from '../common';
import { loadIncidents } from '../common';
import { engineOf, loadNative } from '../native';

export const command: Command = {
  usage: 'import    --input FILE [--boundary GEOJSON] [--preset NAME] [--clip] [--engine wasm|native [--threads N] [--memory 4GB]]',
  async run(a) {
    if (engineOf(a) === 'native') {
      const n = await loadNative(a);
      n.close();
      return JSON.stringify(n.report, null, 2);
    }
    const { report } = await loadIncidents(a);
    return JSON.stringify(report, null, 2);
  },
};
