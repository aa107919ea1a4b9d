/** `import`: the validation report of a file as JSON. */
import type { Command } from '../common';
import { loadIncidents } from '../common';

export const command: Command = {
  usage: 'import    --input FILE [--boundary GEOJSON] [--preset NAME] [--clip]',
  async run(a) {
    const { report } = await loadIncidents(a);
    return JSON.stringify(report, null, 2);
  },
};
