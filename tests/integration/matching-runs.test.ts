import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, matchingRuns } from "@db/schema";
import { getMatchingStatus, requestBatch, runScheduledBatchIfDue, setMatchThreshold } from "~/modules/matching/store.server";
import { action, loader } from "~/routes/coordination.matches.settings";
import { bodyOf, call, cookieFor, seed, userByEmail } from "../helpers";

const HOUR = 3_600_000;
const T0 = new Date("2026-01-01T03:00:00Z"); // before the real clock: the button test uses it
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

beforeAll(async () => {
  await seed();
});

async function batches() {
  return getDb().select().from(matchingRuns).where(eq(matchingRuns.kind, "batch")).orderBy(matchingRuns.id);
}

describe("the scheduled batch", () => {
  it("runs when none ran yet, then waits for the interval", async () => {
    await getDb().delete(matchingRuns);
    expect(await runScheduledBatchIfDue(24, T0)).not.toBeNull();
    expect(await runScheduledBatchIfDue(24, at(1))).toBeNull();
    expect(await runScheduledBatchIfDue(24, at(23.9))).toBeNull();
    expect(await runScheduledBatchIfDue(24, at(24))).not.toBeNull();
    expect(await batches()).toHaveLength(2);
  });

  it("runs at once on request, once per request", async () => {
    await getDb().transaction((tx) => requestBatch(tx, null, "test", at(25)));
    expect((await getMatchingStatus()).requestedAt).not.toBeNull();
    const report = await runScheduledBatchIfDue(24, at(25.01));
    expect(report?.postings).toBeGreaterThan(0);
    expect(await runScheduledBatchIfDue(24, at(25.02))).toBeNull();
    const status = await getMatchingStatus();
    expect(status.requestedAt).toBeNull();
    expect(status.last?.finishedAt).not.toBeNull();
    expect(status.last?.stats.postings).toBe(report?.postings);
  });

  it("does not start a second batch while one is running, and rests after a failure", async () => {
    // a batch another process is running
    const [running] = await getDb().insert(matchingRuns).values({ kind: "batch", startedAt: at(26) }).returning();
    await getDb().transaction((tx) => requestBatch(tx, null, "test", at(26.1)));
    expect(await runScheduledBatchIfDue(24, at(26.2))).toBeNull();
    // it failed: the pending request runs now (it came after the failed attempt started)
    await getDb().update(matchingRuns).set({ finishedAt: at(26.3), error: "boom" }).where(eq(matchingRuns.id, running.id));
    expect(await runScheduledBatchIfDue(24, at(26.4))).not.toBeNull();
    // a failed run with nothing requested: the schedule waits a quarter of an hour before retrying
    await getDb().insert(matchingRuns).values({ kind: "batch", startedAt: at(60), finishedAt: at(60), error: "boom" });
    expect(await runScheduledBatchIfDue(24, at(60.1))).toBeNull();
    expect(await runScheduledBatchIfDue(24, at(60.3))).not.toBeNull();
  });

  it("changing the threshold asks for a batch, and says who did it", async () => {
    await runScheduledBatchIfDue(0, new Date()); // nothing pending
    const coordinator = await userByEmail("coordination@maillage.example");
    await setMatchThreshold(coordinator.id, 61);
    expect((await getMatchingStatus()).requestedAt).not.toBeNull();
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.action, "matching.batch_requested")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry.actorId).toBe(coordinator.id);
    expect(entry.after).toEqual({ why: "threshold_changed" });
    await setMatchThreshold(coordinator.id, 50);
  });
});

describe("the coordinator's button", () => {
  it("requests a batch once, shows it pending, and only the coordinator may", async () => {
    await runScheduledBatchIfDue(0, new Date()); // clears what earlier tests asked for
    const cookie = await cookieFor("coordination@maillage.example");
    const before = await bodyOf(await call(loader, "/coordination/matches/settings", { cookie }));
    expect(before.engine.requestedAt).toBeNull();
    expect(before.engine.last.finishedAt).not.toBeNull();

    const first = await call(action, "/coordination/matches/settings", { cookie, form: { intent: "batch" } });
    expect(first.status).toBe(200);
    expect((await bodyOf(first)).form).toBe("batch");
    const second = await call(action, "/coordination/matches/settings", { cookie, form: { intent: "batch" } });
    expect((await bodyOf(second)).form).toBe("batch-busy");
    const after = await bodyOf(await call(loader, "/coordination/matches/settings", { cookie }));
    expect(after.engine.requestedAt).not.toBeNull();
    expect(await getDb().select().from(matchingRuns).where(eq(matchingRuns.kind, "batch_request"))).toSatisfy((rows: unknown[]) => rows.length >= 1);

    for (const email of ["admin@numana.example", "membre@numana.example", "bailleur@meie.example"]) {
      const res = await call(action, "/coordination/matches/settings", { cookie: await cookieFor(email), form: { intent: "batch" } });
      expect(res.status, email).toBe(404);
    }
    expect((await call(action, "/coordination/matches/settings", { form: { intent: "batch" } })).status).toBe(302);
  });
});
