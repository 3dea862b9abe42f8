/**
 * `npm run bench -- <name> [args…]`: runs one benchmark (not a test: they print figures and assert
 * nothing) in its own process, passing the remaining arguments through.
 *
 *   npm run bench -- browse                 postings list/search at 10 000 and 100 000 postings
 *   npm run bench -- matching [N]           the pure matching engine (default N = 100000)
 *   npm run bench -- matching-db [N]        batch, incremental and a fuse.js baseline on PostgreSQL
 *   npm run bench -- load [args]            the built app under concurrent requests (tests/bench/load.ts)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const BENCHES: Record<string, { file: string; about: string }> = {
  browse: { file: "browse.ts", about: "postings list/search at 10 000 and 100 000 postings (PostgreSQL)" },
  matching: { file: "matching-pure.ts", about: "the pure matching engine: batch, incremental, fuse.js baseline [N]" },
  "matching-db": { file: "matching-db.ts", about: "batch, incremental and a fuse.js baseline on PostgreSQL [N]" },
  load: { file: "load.ts", about: "the built app under concurrent requests" },
};

export function usage(): string {
  const width = Math.max(...Object.keys(BENCHES).map((k) => k.length));
  return [
    "usage: npm run bench -- <name> [args…]",
    ...Object.entries(BENCHES).map(([name, b]) => `  ${name.padEnd(width)}  ${b.about}`),
  ].join("\n");
}

function main(): number {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === "-h" || name === "--help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"\n${usage()}`);
    return 2;
  }
  const file = path.join(here, bench.file);
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(process.cwd(), file)} does not exist yet\n${usage()}`);
    return 2;
  }
  const child = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { stdio: "inherit" });
  return child.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = main();
