/**
 * Following introductions up, through the real loaders, actions and jobs: each party's answer and
 * waiting time, the expiry setting (zero or negative refused), unanswered introductions expiring with
 * the coordinator told, reminders told to the coordinator, delivery status per recipient from the
 * outbox, plain-language errors and retries that keep the attempt count, notes, who concluded, and the
 * full computation's live status.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, getDbHandle } from "@db/client.server";
import { matchingRuns, notifications, outbox } from "@db/schema";
import { introductions, matchEvents, matchOutcomes } from "@db/schema";
import { approveMatch } from "~/modules/brokering/decisions.server";
import { expireIntroductions } from "~/modules/brokering/followup.server";
import { recordOutcome, respondToIntroduction } from "~/modules/brokering/introductions.server";
import { sendReminders } from "~/modules/brokering/jobs.server";
import { getBrokeringSettings, setBrokeringSettings } from "~/modules/brokering/settings.server";
import { DEFAULT_TEMPLATES } from "~/modules/brokering/templates";
import { runBatch } from "~/modules/matching/store.server";
import { deliverDue, workerSettings } from "~/modules/notifications/worker.server";
import { action as matchAction, loader as matchLoader } from "~/routes/coordination.matches.$id";
import { loader as engineLoader } from "~/routes/coordination.matches.engine";
import { loader as queueLoader } from "~/routes/coordination.matches._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/coordination.matches.settings";
import { action as outboxAction, loader as outboxLoader } from "~/routes/coordination.outbox";
import { bodyOf, call, cookieFor, seed } from "../helpers";
import { actor, matchPath, proposedPair, statusOf } from "./brokering-fixtures";

const COORD = "coordination@maillage.example";
const DAY = 86_400_000;
let coordCookie: string;

beforeAll(async () => {
  await seed();
  coordCookie = await cookieFor(COORD);
});

const page = async (id: string) => bodyOf(await call(matchLoader, matchPath(id), { cookie: coordCookie, params: { id } }));
const failing = { name: "down", send: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:2")) };

async function introducedAt(needCluster: string, offerCluster: string, at: Date) {
  const pair = await proposedPair(needCluster, offerCluster);
  const r = await approveMatch(await actor(COORD), pair.matchId, { templates: DEFAULT_TEMPLATES }, at);
  expect(r.ok).toBe(true);
  return pair;
}

const networkForm = (over: Record<string, string>) => ({
  intent: "network",
  reminderDays: "7",
  expiryDays: "30",
  digestHour: "7",
  threshold: "50",
  templateFr: DEFAULT_TEMPLATES.fr,
  templateEn: DEFAULT_TEMPLATES.en,
  ...over,
});

describe("answers and waiting times", () => {
  it("shows who answered, when and after how long, and how long the others have waited", async () => {
    const t0 = new Date(Date.now() - 5 * DAY);
    const { matchId, needId } = await introducedAt("mmode", "numana", t0);
    await respondToIntroduction(await actor("admin@mmode.example"), matchId, { response: "interested" }, new Date(t0.getTime() + 2 * DAY + 3_600_000));
    const body = await page(matchId);
    const rows = Object.fromEntries(body.view.followUp.map((r: { postingId: string }) => [r.postingId === needId ? "need" : "offer", r]));
    expect([rows.need.response, rows.need.answeredAfterDays, rows.need.respondedByName, rows.need.waitingDays]).toEqual(["interested", 2, "Léa Girard", null]);
    expect([rows.offer.response, rows.offer.waitingDays, rows.offer.clusterName]).toEqual(["pending", 5, "Numana"]);
    // the queue's live introductions say the same in a line
    const active = await bodyOf(await call(queueLoader, "/coordination/matches?status=active", { cookie: coordCookie }));
    const item = active.items.find((i: { id: string }) => i.id === matchId);
    expect(item.waiting).toEqual({ answered: 1, total: 2, waitingDays: 5, silent: ["Numana"] });
  });
});

describe("reminders and expiry", () => {
  it("refuses an expiry of zero or negative days, or one before the first reminder; nothing is saved", async () => {
    const before = await getBrokeringSettings();
    for (const [value, key] of [
      ["0", "coordination.error.expiryPositive"],
      ["-3", "coordination.error.expiryPositive"],
      ["2.5", "brokering.error.wholeNumber"],
      ["", "error.required"],
      ["5", "coordination.error.expiryBeforeReminder"],
    ] as const) {
      const res = await call(settingsAction, "/coordination/matches/settings", { cookie: coordCookie, form: networkForm({ expiryDays: value }) });
      expect(res.status, value).toBe(400);
      expect((await bodyOf(res)).errors.expiryDays.key, value).toBe(key);
    }
    const negativeReminder = await call(settingsAction, "/coordination/matches/settings", { cookie: coordCookie, form: networkForm({ reminderDays: "-1" }) });
    expect((await bodyOf(negativeReminder)).errors.reminderDays.key).toBe("brokering.error.negative");
    expect(await getBrokeringSettings()).toEqual(before);
    // reminders off: any expiry of a day or more is fine
    const ok = await call(settingsAction, "/coordination/matches/settings", { cookie: coordCookie, form: networkForm({ reminderDays: "0", expiryDays: "3" }) });
    expect(ok.status).toBe(200);
    expect((await getBrokeringSettings()).expiryDays).toBe(3);
    const shown = await bodyOf(await call(settingsLoader, "/coordination/matches/settings", { cookie: coordCookie }));
    expect(shown.settings.expiryDays).toBe(3);
    await expect(setBrokeringSettings((await actor(COORD)).id, { ...before, expiryDays: 0 })).rejects.toThrow(RangeError);
    await setBrokeringSettings((await actor(COORD)).id, before);
  });

  it("reminds a silent party and tells the coordinator; expires the introduction after M days, the coordinator told", async () => {
    const settings = await getBrokeringSettings();
    await setBrokeringSettings((await actor(COORD)).id, { ...settings, reminderDays: 4, expiryDays: 10 });
    const t0 = new Date(Date.now() - 30 * DAY);
    const silent = await introducedAt("bctq", "cargo-m", t0);
    const answered = await introducedAt("aluquebec", "cargo-m", t0);
    await respondToIntroduction(await actor("admin@aluquebec.example"), answered.matchId, { response: "interested" }, t0);
    await respondToIntroduction(await actor("admin@cargo-m.example"), answered.matchId, { response: "not_interested", reason: "Pas cette année" }, t0);
    const coordinator = await actor(COORD);

    await sendReminders(new Date(t0.getTime() + 4 * DAY + 60_000));
    const told = await getDb().select().from(notifications).where(and(eq(notifications.userId, coordinator.id), eq(notifications.kind, "brokering_reminder_sent"), eq(notifications.link, matchPath(silent.matchId))));
    expect(told.length).toBe(2); // each silent party (BCTQ and CargoM) reminded, the coordinator told of each
    expect(told.map((n) => (n.payload as { cluster: string }).cluster).sort()).toEqual(["Bureau du cinéma et de la télévision du Québec", "CargoM"]);

    // not yet
    expect(await expireIntroductions(new Date(t0.getTime() + 9 * DAY))).toBe(0);
    expect(await statusOf(silent.matchId)).toBe("introduced");
    const mailsBefore = (await getDb().select().from(outbox).where(eq(outbox.toAddress, COORD))).length;
    await expireIntroductions(new Date(t0.getTime() + 10 * DAY + 60_000));
    expect(await statusOf(silent.matchId)).toBe("abandoned");
    // everyone answered (one declined): not "unanswered", it stays for the coordinator to close
    expect(await statusOf(answered.matchId)).toBe("introduced");
    const [outcome] = await getDb().select().from(matchOutcomes).where(eq(matchOutcomes.matchId, silent.matchId));
    expect(outcome.outcome).toBe("abandoned");
    expect(outcome.recordedBy).toBeNull();
    expect(outcome.abandonReason).toContain("Bureau du cinéma");
    expect(outcome.abandonReason).toContain("10 jours");
    const [event] = await getDb().select().from(matchEvents).where(and(eq(matchEvents.matchId, silent.matchId), eq(matchEvents.kind, "expired")));
    expect(event.toStatus).toBe("abandoned");
    const [note] = await getDb().select().from(notifications).where(and(eq(notifications.userId, coordinator.id), eq(notifications.kind, "brokering_expired"), eq(notifications.link, matchPath(silent.matchId))));
    expect(note.payload).toMatchObject({ days: 10 });
    const coordMails = await getDb().select().from(outbox).where(eq(outbox.toAddress, COORD));
    expect(coordMails.length - mailsBefore).toBe(1);
    expect(coordMails[coordMails.length - 1].subject).toContain("expirée");
    const parties = await getDb().select().from(notifications).where(and(eq(notifications.kind, "brokering_expired_party"), eq(notifications.link, `/introductions/${silent.matchId}`)));
    expect(parties.length).toBeGreaterThan(0);
    // the match page says it ended automatically
    const body = await page(silent.matchId);
    expect(body.view.recordedBy).toMatchObject({ name: null });
    // running the job again does nothing more
    expect(await expireIntroductions(new Date(t0.getTime() + 11 * DAY))).toBe(0);
    await setBrokeringSettings(coordinator.id, settings);
  });
});

describe("delivery on the match", () => {
  it("shows each recipient's email as pending, then failed with the reason in plain words; a retry keeps the attempt count", async () => {
    const { matchId } = await introducedAt("propulsion-quebec", "ecotech-quebec", new Date());
    let body = await page(matchId);
    expect(body.view.deliveries.map((d: { status: string }) => d.status)).toEqual(["pending", "pending"]);
    expect(body.view.delivery).toBe("pending");
    const rows = await getDb().select().from(introductions).where(eq(introductions.matchId, matchId));
    expect(rows.every((r) => r.outboxId !== null)).toBe(true);
    const [one, two] = rows;
    // one goes out; the other fails for good
    await getDb().update(outbox).set({ status: "sent", sentAt: new Date() }).where(eq(outbox.id, one.outboxId!));
    await getDb().update(outbox).set({ attempts: workerSettings.maxAttempts - 1 }).where(eq(outbox.id, two.outboxId!));
    await deliverDue({ transport: failing });
    body = await page(matchId);
    const byEmail = Object.fromEntries(body.view.deliveries.map((d: { email: string }) => [d.email, d]));
    expect(byEmail[one.email].status).toBe("sent");
    expect(byEmail[two.email]).toMatchObject({ status: "failed", problem: "unreachable", error: "connect ECONNREFUSED 127.0.0.1:2", attempts: workerSettings.maxAttempts });
    expect(body.view.delivery).toBe("failed"); // the page no longer reads "sent"

    // the outbox page: plain words, the raw error kept for the details
    const box = await bodyOf(await call(outboxLoader, "/coordination/outbox?status=failed", { cookie: coordCookie }));
    const row = box.rows.find((r: { id: number }) => r.id === two.outboxId);
    expect([row.problem, row.lastError]).toEqual(["unreachable", "connect ECONNREFUSED 127.0.0.1:2"]);

    // retried from the match page: back in the queue, attempts kept
    const retried = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "retry", outboxId: String(two.outboxId) } });
    expect(retried.status).toBe(302);
    const [after] = await getDb().select().from(outbox).where(eq(outbox.id, two.outboxId!));
    expect([after.status, after.attempts]).toEqual(["pending", workerSettings.maxAttempts]);
    // still failing: one more attempt, then failed again (never a fresh dozen)
    await deliverDue({ transport: failing });
    const [again] = await getDb().select().from(outbox).where(eq(outbox.id, two.outboxId!));
    expect([again.status, again.attempts]).toEqual(["failed", workerSettings.maxAttempts + 1]);
    // from the outbox page too
    const fromOutbox = await call(outboxAction, "/coordination/outbox", { cookie: coordCookie, form: { intent: "retry", id: String(two.outboxId) } });
    expect(fromOutbox.status).toBe(200);
    const [kept] = await getDb().select().from(outbox).where(eq(outbox.id, two.outboxId!));
    expect([kept.status, kept.attempts]).toEqual(["pending", workerSettings.maxAttempts + 1]);
    // another match's email cannot be retried from this page
    const foreign = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "retry", outboxId: "999999" } });
    expect(foreign.status).toBe(422);
  });
});

describe("notes and who concluded", () => {
  it("keeps the coordination's notes with author and date; an empty note is refused", async () => {
    const { matchId } = await proposedPair("aero-montreal", "mmode");
    const empty = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "note", body: "   " } });
    expect(empty.status).toBe(400);
    expect((await bodyOf(empty)).errors.body.key).toBe("error.required");
    for (const body of ["Appelé Julie : intéressée.", "Relancer après le comité."]) {
      const res = await call(matchAction, matchPath(matchId), { cookie: coordCookie, params: { id: matchId }, form: { intent: "note", body } });
      expect(res.status).toBe(302);
    }
    const notes = (await page(matchId)).view.notes;
    expect(notes.map((n: { body: string; authorName: string }) => [n.body, n.authorName])).toEqual([
      ["Relancer après le comité.", "Élise Gagnon"],
      ["Appelé Julie : intéressée.", "Élise Gagnon"],
    ]);
    expect(new Date(notes[0].createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // members never reach it
    const member = await call(matchAction, matchPath(matchId), { cookie: await cookieFor("membre@mmode.example"), params: { id: matchId }, form: { intent: "note", body: "x" } });
    expect(member.status).toBe(404);
  });

  it("a match a member concluded says so, with the member's cluster, not the coordinator", async () => {
    const { matchId } = await introducedAt("numana", "aero-montreal", new Date());
    await respondToIntroduction(await actor("admin@numana.example"), matchId, { response: "interested" });
    await respondToIntroduction(await actor("admin@aero-montreal.example"), matchId, { response: "interested" });
    const member = await actor("membre@numana.example");
    expect((await recordOutcome(member, matchId, { outcome: "concluded", savingsCad: 1000, ghgAvoidedKg: 5, summary: "Bureaux partagés" })).ok).toBe(true);
    const body = await page(matchId);
    expect(body.view.recordedBy).toMatchObject({ name: member.name, clusterName: "Numana" });
    expect(body.view.decidedByName).toBe("Élise Gagnon"); // who introduced it, shown as such
    const closed = await bodyOf(await call(queueLoader, "/coordination/matches?status=closed", { cookie: coordCookie }));
    expect(closed.items.find((i: { id: string }) => i.id === matchId).recordedBy).toMatchObject({ name: member.name, clusterName: "Numana" });
  });
});

describe("the full computation's live status", () => {
  it("answers its status as JSON for the page to poll; the batch records its progress as it goes (PostgreSQL)", async () => {
    const ask = await call(settingsAction, "/coordination/matches/settings", { cookie: coordCookie, form: { intent: "batch" } });
    const asked = await bodyOf(ask);
    expect(asked.form).toBe("batch");
    expect(new Date(asked.requestedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const pending = await bodyOf(await call(engineLoader, "/coordination/matches/engine", { cookie: coordCookie }));
    expect(pending.requestedAt).toBe(asked.requestedAt);
    expect(pending.startsWithin).toBeGreaterThan(0);

    const report = await runBatch();
    const done = await bodyOf(await call(engineLoader, "/coordination/matches/engine", { cookie: coordCookie }));
    expect(done.requestedAt).toBeNull();
    expect(done.last.finishedAt).not.toBeNull();
    expect(done.last.progress).toBeNull(); // finished: the result, no progress
    expect(done.last.stats.postings).toBe(report.postings);
    const [run] = await getDb().select().from(matchingRuns).where(eq(matchingRuns.id, done.last.id));
    if (getDbHandle().kind === "postgres") {
      // written outside the batch's transaction, at its steps: the last one before it finished
      expect(run.progress).toMatchObject({ phase: "settling", percent: 90, postings: report.postings });
      expect(run.progressAt).not.toBeNull();
    } else {
      expect(run.progress).toBeNull(); // one connection, held by the batch: nothing to write mid-run
    }
    expect((await call(engineLoader, "/coordination/matches/engine", { cookie: await cookieFor("membre@numana.example") })).status).toBe(404);
  });
});
