import { inArray } from "drizzle-orm";
import { createDb, setDbHandle } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import { rematchPosting } from "~/modules/matching/store.server";
import { generatePostings } from "./generate";
const handle = createDb("postgres://postgres@127.0.0.1:5432/maillage_bench_match");
setDbHandle(handle);
const clusterIds = new Map((await handle.db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));
const fresh = generatePostings(Number(process.argv[2] ?? 200), 7);
const ids: string[] = [];
const times: number[] = [];
for (const p of fresh) {
  const [row] = await handle.db.insert(postings).values({ clusterId: clusterIds.get(p.cluster)!, kind: p.kind, category: p.category, title: p.title.slice(0, 140), description: p.description, tags: p.tags ?? [], language: p.language ?? "fr", region: p.region ?? null, startDate: p.startDate ?? null, endDate: p.endDate ?? null, quantity: p.quantity ?? null, unit: p.unit ?? null, budgetMax: p.budgetMax ?? null, programme: p.programme ?? null, deadline: p.deadline ?? null, status: "open", expiresAt: new Date("2036-01-01T00:00:00Z") }).returning({ id: postings.id });
  ids.push(row.id);
  const s = performance.now();
  const st = await rematchPosting(row.id);
  const ms = performance.now() - s;
  times.push(ms);
  if (ms > 40) console.log(ms.toFixed(0), new Date().toISOString().slice(11, 23), p.kind, p.category, JSON.stringify(st), p.title);
}
times.sort((a, b) => a - b);
console.log("median", times[Math.floor(times.length / 2)].toFixed(1), "p95", times[Math.floor(times.length * 0.95)].toFixed(1));
await handle.db.delete(postings).where(inArray(postings.id, ids));
await handle.close();
