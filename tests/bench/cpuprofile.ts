/**
 * Summary of a V8 CPU profile (`node --cpu-prof`): the functions with the most self time and the most
 * total (inclusive) time, and the share of each code area (app code, React rendering, Remix, the
 * database driver, Intl, garbage collection…).
 *
 *   npx tsx tests/bench/cpuprofile.ts CPU.….cpuprofile [top=25] [filter]
 *
 * `filter` keeps only the samples whose stack contains a function or URL matching it (a regex).
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg, filterArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: npx tsx tests/bench/cpuprofile.ts FILE.cpuprofile [top] [filter]");
  process.exit(2);
}
const TOP = Number(topArg ?? 25);
const filter = filterArg ? new RegExp(filterArg) : null;
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "~nm/").replace(/^.*\/(build|app|scripts|db)\//, "$1/");
const label = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;

function area(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)" || functionName === "(program)") return functionName;
  if (/react-dom/.test(url)) return "React rendering (react-dom/server)";
  if (/node_modules\/(postgres|drizzle-orm)\//.test(url)) return "database driver + drizzle";
  if (/node_modules\/@remix-run\/|node_modules\/react-router|node_modules\/@remix-run\/router/.test(url)) return "Remix + router";
  if (/node_modules\/(express|compression|body-parser|send|serve-static|finalhandler)\//.test(url)) return "Express + compression";
  if (/node_modules\/(lucia|@lucia-auth|@node-rs|oslo)/.test(url)) return "auth (lucia, argon2)";
  if (/node_modules\/zod\//.test(url)) return "zod";
  if (/build\/index\.js/.test(url)) return "app code (server build)";
  if (/node_modules/.test(url)) return "other dependencies";
  if (url.startsWith("node:") || url === "" ) return functionName.startsWith("(") ? functionName : "Node internals / native (incl. Intl)";
  return "other";
}

const self = new Map<string, number>();
const total = new Map<string, number>();
const areas = new Map<string, number>();
let sampled = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms attributed to this sample
  const leaf = byId.get(profile.samples[i])!;
  const stack: Node[] = [];
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
  if (filter && !stack.some((n) => filter.test(label(n)))) continue;
  if (leaf.callFrame.functionName === "(idle)") continue;
  sampled += dt;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
  // the area of the innermost frame that is not native: native leaves (Intl, JSON…) count for their caller's area
  const owner = stack.find((n) => n.callFrame.url !== "") ?? leaf;
  const a = leaf.callFrame.url === "" && /^\(/.test(leaf.callFrame.functionName) ? area(leaf) : area(owner);
  areas.set(a, (areas.get(a) ?? 0) + dt);
  for (const l of new Set(stack.map(label))) total.set(l, (total.get(l) ?? 0) + dt);
}

const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`${file}: ${sampled.toFixed(0)} ms of busy CPU sampled${filter ? ` (stacks matching ${filter})` : ""}`);
print("by area (innermost non-native frame)", areas);
print(`top ${TOP} by self time`, self);
print(`top ${TOP} by total time`, total);
