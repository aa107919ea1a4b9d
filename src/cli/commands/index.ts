/**
 * Every CLI command by name. A command is a file in this folder exporting `command`; its name is
 * the file name (so `knox.ts` is `npm run -s cli -- knox`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../common';

export async function loadCommands(): Promise<Record<string, Command>> {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const out: Record<string, Command> = {};
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.ts') || f === 'index.ts') continue;
    const mod = (await import(path.join(dir, f))) as { command?: Command };
    if (mod.command) out[f.replace(/\.ts$/, '')] = mod.command;
  }
  return out;
}
