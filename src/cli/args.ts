/** A small `--name value` / `--flag` parser; repeated options collect into a list. */
export interface Args {
  one(name: string): string | undefined;
  all(name: string): string[];
  flag(name: string): boolean;
}

const FLAGS = new Set(['clip', 'help', 'fdr']);

export function parseArgs(argv: string[]): Args {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`Unexpected argument "${a}" (options start with --).`);
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(name)) { flags.add(name); continue; }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`Option --${name} needs a value.`);
    values.set(name, [...(values.get(name) ?? []), v]);
  }
  return {
    one: (n) => values.get(n)?.at(-1),
    all: (n) => values.get(n) ?? [],
    flag: (n) => flags.has(n),
  };
}
