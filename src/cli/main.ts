/**
 * Command-line interface on the same engine as the app (DuckDB-wasm's Node build):
 *   npm run -s cli -- COMMAND [options]      (npm run -s cli -- help lists the commands)
 * Each command lives in src/cli/commands/. Bad input exits with status 1 and a one-line message.
 */
import fs from 'node:fs';
import { parseArgs } from './args';
import { UsageError, type Command } from './common';
import { loadCommands } from './commands';

function usage(commands: Record<string, Command>): string {
  return 'Prevention Planner CLI\n' + Object.values(commands).map((c) => '  ' + c.usage).join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const commands = await loadCommands();
  if (!name || name === '--help' || name === 'help') {
    console.log(usage(commands));
    return;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command "${name}".\n${usage(commands)}`);
  const a = parseArgs(rest);
  const text = await command.run(a);
  const out = a.one('out');
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text + (text.endsWith('\n') ? '' : '\n'));
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(1);
});
