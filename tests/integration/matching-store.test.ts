import fs from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@db/client.server";
import { matches, matchingQueue, matchMembers, postings } from "@db/schema";
import { findMatches, type MatchPosting } from "~/modules/matching";
import { enqueueRematch, getMatchThreshold, memberKey, processMatchingQueue, rematchPosting, runBatch } from "~/modules/matching/store.server";
import { clusterId, seed } from "../helpers";

const NOW = new Date("2026-11-22T12:00:00Z");
const devFile = path.resolve(__dirname, "../../../shared/data/matching-dev.json");
const dev = JSON.parse(fs.readFileSync(devFile, "utf8")) as { postings: MatchPosting[] };

/** dev id -> database id */
const ids = new Map<string, string>();
const devOf = (dbId: string) => [...ids].find(([, v]) => v === dbId)![0];

async function insertPosting(p: MatchPosting, status: "open" | "draft" = "open") {
  const [row] = await getDb()
    .insert(postings)
    .values({
      clusterId: await clusterId(p.cluster),
      kind: p.kind,
      category: p.category,
      title: p.title,
      description: p.description,
      tags: p.tags ?? [],
      language: p.language ?? "fr",
      region: p.region ?? null,
      startDate: p.startDate ?? null,
      endDate: p.endDate ?? null,
      quantity: p.quantity ?? null,
      unit: p.unit ?? null,
      budgetMax: p.budgetMax ?? null,
      programme: p.programme ?? null,
      deadline: p.deadline ?? null,
      status,
      expiresAt: new Date("2027-06-01T00:00:00Z"),
      externalRef: `dev-${p.id}`,
    })
    .returning({ id: postings.id });
  ids.set(p.id, row.id);
}

/** Proposed matches as sorted lists of dev ids. */
async function proposed(): Promise<string[]> {
  const rows = await getDb().select({ memberKey: matches.memberKey }).from(matches).where(eq(matches.status, "proposed"));
  return rows.map((r) => r.memberKey.split(",").map(devOf).sort().join("+")).sort();
}
const expected = (threshold: number) =>
  findMatches(dev.postings, { threshold, today: "2026-11-22" })
    .map((m) => [...m.members].sort().join("+"))
    .sort();

beforeAll(async () => {
  await seed();
  // only the labelled dev set takes part: close the demo postings the seed may have added
  await getDb().update(postings).set({ status: "closed" });
  for (const p of dev.postings) await insertPosting(p);
});

describe("matching persistence", () => {
  it("the batch stores exactly what the engine finds, and a second run changes nothing", async () => {
    const first = await runBatch({ now: NOW });
    expect(first.postings).toBe(dev.postings.length);
    expect(await proposed()).toEqual(expected(await getMatchThreshold()));
    expect(first.proposed).toBeGreaterThan(10);
    const second = await runBatch({ now: NOW });
    expect([second.proposed, second.updated, second.reproposed, second.withdrawn]).toEqual([0, 0, 0, 0]);
    // members carry their role: the need first, then the offer
    const [pair] = await getDb().select().from(matches).where(eq(matches.type, "need_offer")).limit(1);
    const members = await getDb().select().from(matchMembers).where(eq(matchMembers.matchId, pair.id));
    expect(members.map((m) => m.role).sort()).toEqual(["need", "offer"]);
    expect(pair.reasons.length).toBeGreaterThan(0);
  });

  it("publishing postings one by one reaches the same proposals as the batch", async () => {
    await getDb().delete(matches);
    for (const p of dev.postings) await rematchPosting(ids.get(p.id)!, NOW);
    expect(await proposed()).toEqual(expected(await getMatchThreshold()));
  });

  it("closing a posting withdraws its proposals; reopening brings them back", async () => {
    const offer = ids.get("d27")!; // the office offer matched by several needs
    const before = (await proposed()).filter((k) => k.split("+").includes("d27"));
    expect(before.length).toBeGreaterThan(0);
    await getDb().update(postings).set({ status: "closed" }).where(eq(postings.id, offer));
    await rematchPosting(offer, NOW);
    expect((await proposed()).filter((k) => k.split("+").includes("d27"))).toEqual([]);
    const withdrawn = await getDb().select().from(matches).where(eq(matches.status, "withdrawn"));
    expect(withdrawn.some((m) => m.memberKey.includes(offer) && m.withdrawnReason === "posting_unavailable")).toBe(true);
    await getDb().update(postings).set({ status: "open" }).where(eq(postings.id, offer));
    await rematchPosting(offer, NOW);
    expect((await proposed()).filter((k) => k.split("+").includes("d27"))).toEqual(before);
  });

  it("a candidate edited since an earlier run is analysed anew, never served from the runs' memory", async () => {
    const pair = (await proposed()).find((k) => k.split("+").includes("d27") && k.split("+").length === 2)!;
    const need = ids.get(pair.split("+").find((id) => id !== "d27")!)!;
    const offer = ids.get("d27")!;
    await rematchPosting(need, NOW); // the offer is among the need's candidates, now analysed
    const [before] = await getDb().select().from(postings).where(eq(postings.id, offer));
    // its price raised far over the need's budget, behind the queue's back: its candidate keys
    // still find it, and only a fresh analysis sees the new price
    await getDb().update(postings).set({ budgetMax: 5000, description: "Tarif : 5 000 $ par poste par mois." }).where(eq(postings.id, offer));
    await rematchPosting(need, NOW);
    expect(await proposed()).not.toContain(pair);
    await getDb().update(postings).set({ budgetMax: before.budgetMax, description: before.description }).where(eq(postings.id, offer));
    await rematchPosting(need, NOW);
    expect(await proposed()).toContain(pair);
  });

  it("expiry withdraws like closing", async () => {
    const id = ids.get("d28")!;
    await getDb().update(postings).set({ expiresAt: new Date("2026-11-01T00:00:00Z") }).where(eq(postings.id, id));
    await runBatch({ now: NOW });
    expect((await proposed()).some((k) => k.split("+").includes("d28"))).toBe(false);
    await getDb().update(postings).set({ expiresAt: new Date("2027-06-01T00:00:00Z") }).where(eq(postings.id, id));
    await runBatch({ now: NOW });
    expect((await proposed()).some((k) => k.split("+").includes("d28"))).toBe(true);
  });

  it("a rejected match is never proposed again by either path", async () => {
    const [m] = await getDb().select().from(matches).where(eq(matches.status, "proposed")).limit(1);
    await getDb().update(matches).set({ status: "rejected" }).where(eq(matches.id, m.id));
    await runBatch({ now: NOW });
    for (const postingId of m.memberKey.split(",")) await rematchPosting(postingId, NOW);
    const [after] = await getDb().select().from(matches).where(eq(matches.id, m.id));
    expect(after.status).toBe("rejected");
    expect(await getDb().select().from(matches).where(eq(matches.memberKey, m.memberKey))).toHaveLength(1);
  });

  it("the queue is transactional: a rolled-back change leaves nothing, a committed one is processed once", async () => {
    const id = ids.get("d20")!;
    await getDb().delete(matchingQueue);
    await expect(
      getDb().transaction(async (tx) => {
        await enqueueRematch(tx, [id], "edit");
        throw new Error("rollback");
      }),
    ).rejects.toThrow();
    expect(await getDb().select().from(matchingQueue)).toHaveLength(0);
    await getDb().transaction((tx) => enqueueRematch(tx, [id, id], "edit"));
    expect(await processMatchingQueue({ now: NOW })).toBe(1);
    expect(await getDb().select().from(matchingQueue)).toHaveLength(0);
    expect(await processMatchingQueue({ now: NOW })).toBe(0);
  });

  it("drafts are never matched, and deleting a posting removes its matches", async () => {
    const draft = { ...dev.postings.find((p) => p.id === "d20")!, id: "draft-x", cluster: "aluquebec" };
    await insertPosting(draft, "draft");
    const stats = await rematchPosting(ids.get("draft-x")!, NOW);
    expect(stats.proposed).toBe(0);
    const n = await getDb().select({ n: sql<number>`count(*)::int` }).from(matchMembers).where(inArray(matchMembers.postingId, [ids.get("draft-x")!]));
    expect(Number(n[0].n)).toBe(0);
    expect(memberKey({ members: ["b", "a"] })).toBe("a,b");
  });

  it("the batch refreshes changed scores in SQL, keeps a deferral, and says when a larger pool replaced a smaller one", async () => {
    await runBatch({ now: NOW });
    const [m] = await getDb().select().from(matches).where(eq(matches.status, "proposed")).orderBy(matches.memberKey).limit(1);
    await getDb().update(matches).set({ status: "deferred", score: 1, reasons: [] }).where(eq(matches.id, m.id));
    // (an earlier test may have rejected it: the engine still finds it, and it still contains the subset)
    const pool = (await getDb().select().from(matches).where(eq(matches.type, "pool"))).find((p) => p.memberKey.split(",").length > 2);
    expect(pool, "the dev set has a pool of three or more").toBeDefined();
    const subset = pool!.memberKey.split(",").slice(0, 2);
    const [small] = await getDb()
      .insert(matches)
      .values({ type: "pool", memberKey: subset.join(","), score: 60, reasons: [], status: "proposed" })
      .returning();
    await getDb().insert(matchMembers).values(subset.map((postingId) => ({ matchId: small.id, postingId, role: "need" })));

    const report = await runBatch({ now: NOW });
    expect(report.updated).toBe(1);
    expect(report.withdrawn).toBe(1);
    const [after] = await getDb().select().from(matches).where(eq(matches.id, m.id));
    expect(after.status).toBe("deferred");
    expect(after.score).toBeGreaterThan(1);
    expect(after.reasons.length).toBeGreaterThan(0);
    const [gone] = await getDb().select().from(matches).where(eq(matches.id, small.id));
    expect([gone.status, gone.withdrawnReason]).toEqual(["withdrawn", "superseded_by_larger_pool"]);
    expect(report.loadMs + report.engineMs + report.writeMs).toBeLessThanOrEqual(report.ms);
    // and again: nothing left to change
    const again = await runBatch({ now: NOW });
    expect([again.proposed, again.updated, again.reproposed, again.withdrawn]).toEqual([0, 0, 0, 0]);
  });

  it("reasons are stored compact and read back as objects, rows written before the compact form too", async () => {
    const [m] = await getDb().select().from(matches).where(eq(matches.type, "need_offer")).orderBy(matches.memberKey).limit(1);
    const [raw] = rowsOf<{ text: string }>(await getDb().execute(sql`select reasons::text as text from matches where id = ${m.id}`));
    expect(raw.text.startsWith('[["')).toBe(true);
    expect(m.reasons[0]).toEqual(expect.objectContaining({ code: expect.any(String), weight: expect.any(Number) }));
    await getDb().execute(sql`update matches set reasons = '[{"code": "same_region", "weight": 0.1}, {"code": "shared_resource", "weight": 0.4, "detail": {"concepts": "it_support"}}]'::json where id = ${m.id}`);
    const [legacy] = await getDb().select({ reasons: matches.reasons }).from(matches).where(eq(matches.id, m.id));
    expect(legacy.reasons).toEqual([
      { code: "same_region", weight: 0.1 },
      { code: "shared_resource", weight: 0.4, detail: { concepts: "it_support" } },
    ]);
  });
});
