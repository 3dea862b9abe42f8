/**
 * Funders decide: the programme's funder records the decision (awarded with an amount and
 * conditions, refused with a reason) through its page, re-opens it, writes to the consortium and
 * records reporting milestones with reminders; another funder, an award above the request or the
 * programme's maximum, an impossible date: a translated message, a 4xx, nothing written. Funders hear
 * of submissions, moves and messages (in-app and by email, kind "funding"); the lead cluster hears
 * of the decision. The coordination decides only for a funder with no account.
 */
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { applicationMilestones, applicationStageChanges, auditLog, fundingDecisions, funders, jointApplications, milestoneReminders, notifications, outbox, type User } from "@db/schema";
import {
  addComment,
  addMilestone,
  completeMilestone,
  createApplication,
  getApplicationDetail,
  listApplications,
  moveStage,
  recordDecision,
  reopenDecision,
} from "~/modules/funding/applications.server";
import { addDays, todayIso } from "~/modules/funding/metrics";
import { loadPipeline } from "~/modules/funding/pipeline.server";
import { addCall, createProgramme } from "~/modules/funding/programmes.server";
import { queueMilestoneReminders } from "~/modules/funding/reminders.server";
import { createApplicationSchema, programmeSchema } from "~/modules/funding/validation";
import { action as applicationAction, loader as applicationLoader } from "~/routes/funding.applications.$id";
import { action as funderAction, loader as funderLoader } from "~/routes/pipeline.applications.$id";
import { bodyOf, call, clusterId, cookieFor, seed, userByEmail } from "../helpers";

let coordinator: User;
let numanaAdmin: User;
let meieOfficer: User;
let decOfficer: User;
let ids: Record<string, string>;
let meieProgramme: string; // max 300 000
let cmmProgramme: string; // CMM has no account on the platform
const today = () => todayIso();

async function funderIdOf(slug: string) {
  const [f] = await getDb().select({ id: funders.id }).from(funders).where(eq(funders.slug, slug));
  return f.id;
}

async function programme(funder: string, max: string) {
  const p = await createProgramme(coordinator, programmeSchema.parse({ funderId: await funderIdOf(funder), nameFr: `Décisions ${funder}`, nameEn: `Decisions ${funder}`, envelope: "5 000 000", maxPerProject: max, minPartners: "2", active: "on" }));
  if (!p.ok) throw new Error("programme");
  const c = await addCall(coordinator, p.value.id, { labelFr: "Appel lointain", labelEn: "Far call", deadline: "2099-06-30" });
  if (!c.ok) throw new Error("call");
  return p.value.id;
}

async function version(id: string) {
  const [a] = await getDb().select({ version: jointApplications.version }).from(jointApplications).where(eq(jointApplications.id, id));
  return a.version;
}

/** An application of Numana (lead) and Aéro Montréal, submitted by Numana's admin. */
async function submitted(title: string, opts: { programmeId?: string; amount?: string } = {}) {
  const r = await createApplication(
    coordinator,
    createApplicationSchema.parse({ title, programmeId: opts.programmeId ?? meieProgramme, leadClusterId: ids.numana, clusterIds: [ids.aero], stage: "consortium_formed", amountRequested: opts.amount ?? "250000", deadline: "2099-06-30" }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r));
  const id = r.value.id;
  for (const to of ["drafting", "submitted"] as const) {
    const m = await moveStage(numanaAdmin, id, { version: await version(id), to });
    if (!m.ok) throw new Error(JSON.stringify(m));
  }
  return id;
}

const funderPage = async (email: string, id: string, form?: Record<string, string>) =>
  call(form ? funderAction : funderLoader, `/pipeline/applications/${id}`, { cookie: await cookieFor(email), params: { id }, form });

async function decisionsCount(id: string) {
  const [r] = await getDb().select({ n: count() }).from(fundingDecisions).where(eq(fundingDecisions.applicationId, id));
  return r.n;
}

async function notified(userId: string, kind: string, link: string) {
  return getDb().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind), eq(notifications.link, link)));
}

beforeAll(async () => {
  await seed();
  coordinator = await userByEmail("coordination@maillage.example");
  numanaAdmin = await userByEmail("admin@numana.example");
  meieOfficer = await userByEmail("bailleur@meie.example");
  decOfficer = await userByEmail("funder@dec.example");
  ids = { numana: await clusterId("numana"), aero: await clusterId("aero-montreal") };
  meieProgramme = await programme("meie", "300 000");
  cmmProgramme = await programme("cmm", "150 000");
});

describe("the funder records the decision", () => {
  it("awards through its page: the application is awarded, the lead cluster is notified and emailed", async () => {
    const id = await submitted("Décision accordée");
    const page = await bodyOf(await funderPage("bailleur@meie.example", id));
    expect(page.canDecide).toBe(true);
    const res = await funderPage("bailleur@meie.example", id, { intent: "decide", version: String(page.app.version), outcome: "awarded", amount: "240 000", conditions: "Rapport final exigé" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/pipeline/applications/${id}?notice=funding.notice.decided`);
    const d = (await getApplicationDetail(id))!;
    expect(d).toMatchObject({ stage: "awarded", amountAwarded: 240000, boardStage: "awarded" });
    expect(d.decisions[0]).toMatchObject({ outcome: "awarded", amount: 240000, conditions: "Rapport final exigé", onBehalf: false, byName: meieOfficer.name });
    expect(d.changes.at(-1)).toMatchObject({ fromStage: "submitted", toStage: "awarded", byName: meieOfficer.name });
    // The lead cluster's people: in-app and by email (kind "funding"); the other members in-app.
    const link = `/funding/applications/${id}`;
    const [n] = await notified(numanaAdmin.id, "funding.awarded", link);
    expect(n.payload).toMatchObject({ title: "Décision accordée", amount: expect.stringMatching(/^240\s000\s\$$/) });
    const aeroAdmin = await userByEmail("admin@aero-montreal.example");
    expect(await notified(aeroAdmin.id, "funding.awarded", link)).toHaveLength(1);
    const [mail] = await getDb().select().from(outbox).where(and(eq(outbox.toAddress, "admin@numana.example"), eq(outbox.kind, "funding"))).orderBy(desc(outbox.id)).limit(1);
    expect(mail.subject).toBe("Aide accordée : « Décision accordée »");
    expect(mail.bodyText).toMatch(/240\s000\s\$/);
    expect(mail.bodyText).toContain("Conditions : Rapport final exigé");
    expect(mail.bodyText).toContain(link);
    const [aeroMail] = await getDb().select({ n: count() }).from(outbox).where(and(eq(outbox.toAddress, "admin@aero-montreal.example"), eq(outbox.subject, mail.subject)));
    expect(aeroMail.n).toBe(0);
    const [a] = await getDb().select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "application.decision")));
    expect(a.n).toBe(1);
  });

  it("refuses an award above the request or the programme's maximum, with the amount in the reader's language; nothing written", async () => {
    const id = await submitted("Trop demandé", { amount: "280000" });
    const v = String(await version(id));
    const above = await funderPage("bailleur@meie.example", id, { intent: "decide", version: v, outcome: "awarded", amount: "280 000,01" });
    expect(above.status).toBe(400);
    expect((await bodyOf(above)).errors.amount).toMatchObject({ key: "funding.error.awardedAboveRequest", params: { amount: expect.stringMatching(/^280\s000\s\$$/) } });
    await getDb().update(jointApplications).set({ amountRequested: 400000 }).where(eq(jointApplications.id, id)); // typed before the maximum existed
    const overMax = await funderPage("bailleur@meie.example", id, { intent: "decide", version: v, outcome: "awarded", amount: "350000" });
    expect(overMax.status).toBe(400);
    expect((await bodyOf(overMax)).errors.amount.key).toBe("funding.error.awardedAboveMax");
    const none = await funderPage("bailleur@meie.example", id, { intent: "decide", version: v, outcome: "awarded" });
    expect((await bodyOf(none)).errors.amount.key).toBe("funding.error.awardedRequired");
    const noOutcome = await funderPage("bailleur@meie.example", id, { intent: "decide", version: v, amount: "1000" });
    expect((await bodyOf(noOutcome)).errors.outcome.key).toBe("funding.error.outcomeRequired");
    expect(await decisionsCount(id)).toBe(0);
    expect((await getApplicationDetail(id))!).toMatchObject({ stage: "submitted", amountAwarded: null });
  });

  it("refuses with a reason (required), which the lead cluster reads", async () => {
    const id = await submitted("Décision refusée");
    const v = await version(id);
    expect(await recordDecision(meieOfficer, id, { version: v, outcome: "refused" })).toMatchObject({ ok: false, reason: "invalid", errors: { reason: { key: "funding.error.reasonRequired" } } });
    expect(await recordDecision(meieOfficer, id, { version: v, outcome: "refused", reason: "Hors programme", amount: 1000 })).toMatchObject({ errors: { amount: { key: "funding.error.awardedOnlyWhenAwarded" } } });
    expect(await recordDecision(meieOfficer, id, { version: v, outcome: "refused", reason: "Hors des priorités de l'appel" })).toMatchObject({ ok: true });
    expect((await getApplicationDetail(id))!).toMatchObject({ stage: "declined", amountAwarded: null });
    const [mail] = await getDb().select().from(outbox).where(and(eq(outbox.toAddress, "admin@numana.example"), eq(outbox.subject, "Décision du bailleur : « Décision refusée »")));
    expect(mail.bodyText).toContain("Raison : Hors des priorités de l'appel");
  });

  it("answers another funder's decision with 404, and writes nothing", async () => {
    const id = await submitted("Pas pour DEC");
    const before = await version(id);
    expect((await funderPage("funder@dec.example", id)).status).toBe(404);
    const res = await funderPage("funder@dec.example", id, { intent: "decide", version: String(before), outcome: "awarded", amount: "100000" });
    expect(res.status).toBe(404);
    expect(await recordDecision(decOfficer, id, { version: before, outcome: "awarded", amount: 100000 })).toMatchObject({ ok: false, reason: "not_found" });
    expect(await decisionsCount(id)).toBe(0);
    expect(await version(id)).toBe(before);
    // Cluster people do not reach the funder's page at all.
    expect((await funderPage("admin@numana.example", id, { intent: "decide", version: String(before), outcome: "awarded", amount: "1" })).status).toBe(404);
  });

  it("decides only an application that awaits a decision, at the version the funder saw", async () => {
    const id = await submitted("Version périmée");
    const v = await version(id);
    expect(await moveStage(numanaAdmin, id, { version: v, to: "under_review" })).toMatchObject({ ok: true });
    expect(await recordDecision(meieOfficer, id, { version: v, outcome: "awarded", amount: 1000 })).toMatchObject({ ok: false, reason: "conflict", message: { key: "funding.error.conflict" } });
    const drafting = await createApplication(coordinator, createApplicationSchema.parse({ title: "En rédaction", programmeId: meieProgramme, leadClusterId: ids.numana, clusterIds: [ids.aero], deadline: "2099-06-30" }));
    if (!drafting.ok) throw new Error("create");
    expect(await recordDecision(meieOfficer, drafting.value.id, { version: 1, outcome: "awarded", amount: 1000 })).toMatchObject({ ok: false, reason: "conflict", message: { key: "funding.error.notDecidable" } });
  });

  it("re-opens its decision with a note: back to review, the award cleared", async () => {
    const id = await submitted("Décision rouverte");
    expect(await recordDecision(meieOfficer, id, { version: await version(id), outcome: "awarded", amount: 200000 })).toMatchObject({ ok: true });
    expect(await reopenDecision(meieOfficer, id, { version: await version(id) })).toMatchObject({ ok: false, errors: { note: { key: "funding.error.reopenNoteRequired" } } });
    // The consortium cannot undo it.
    expect(await moveStage(numanaAdmin, id, { version: await version(id), to: "under_review", note: "x" })).toMatchObject({ ok: false, errors: { to: { key: "funding.error.funderDecides" } } });
    expect(await reopenDecision(meieOfficer, id, { version: await version(id), note: "Appel du consortium" })).toMatchObject({ ok: true });
    const d = (await getApplicationDetail(id))!;
    expect(d).toMatchObject({ stage: "under_review", amountAwarded: null });
    expect(d.changes.at(-1)).toMatchObject({ fromStage: "awarded", toStage: "under_review", note: "Appel du consortium" });
    expect(await recordDecision(meieOfficer, id, { version: await version(id), outcome: "refused", reason: "Après réexamen" })).toMatchObject({ ok: true });
    expect((await getApplicationDetail(id))!.decisions.map((x) => x.outcome)).toEqual(["refused", "awarded"]);
  });

  it("lets the coordination record a decision only for a funder with no account (CMM), marked as on its behalf", async () => {
    const meie = await submitted("Coordination et MEIE");
    expect(await recordDecision(coordinator, meie, { version: await version(meie), outcome: "awarded", amount: 1000 })).toMatchObject({ ok: false, reason: "forbidden" });
    const cmm = await submitted("Coordination et CMM", { programmeId: cmmProgramme, amount: "120000" });
    const page = await bodyOf(await call(applicationLoader, `/funding/applications/${cmm}`, { cookie: await cookieFor("coordination@maillage.example"), params: { id: cmm } }));
    expect(page).toMatchObject({ decide: true, hasFunderAccount: false });
    const res = await call(applicationAction, `/funding/applications/${cmm}`, {
      cookie: await cookieFor("coordination@maillage.example"),
      params: { id: cmm },
      form: { intent: "decide", version: String(page.app.version), outcome: "awarded", amount: "150 000,01" },
    });
    expect(res.status).toBe(400); // above the request (and CMM's maximum)
    const ok = await recordDecision(coordinator, cmm, { version: await version(cmm), outcome: "awarded", amount: 110000 });
    expect(ok).toMatchObject({ ok: true });
    expect((await getApplicationDetail(cmm))!.decisions[0]).toMatchObject({ onBehalf: true });
    // The lead cluster may not, even there.
    expect(await recordDecision(numanaAdmin, cmm, { version: await version(cmm), outcome: "refused", reason: "x" })).toMatchObject({ ok: false, reason: "forbidden" });
  });
});

describe("funders are told", () => {
  it("of a submission and of later moves, in-app and by email; not of the consortium's drafting", async () => {
    const id = await submitted("Avis au bailleur");
    const link = `/pipeline/applications/${id}`;
    expect(await notified(meieOfficer.id, "funding.funderSubmitted", link)).toHaveLength(1);
    const [mail] = await getDb().select().from(outbox).where(and(eq(outbox.toAddress, "bailleur@meie.example"), eq(outbox.subject, "Nouvelle demande à votre programme : « Avis au bailleur »")));
    expect(mail.kind).toBe("funding");
    expect(mail.bodyText).toContain(link);
    // The drafting moves before the submission told the funder nothing.
    const [early] = await getDb().select({ n: count() }).from(notifications).where(and(eq(notifications.userId, meieOfficer.id), eq(notifications.link, link), eq(notifications.kind, "funding.funderStage")));
    expect(early.n).toBe(0);
    expect(await moveStage(numanaAdmin, id, { version: await version(id), to: "closed", note: "Le consortium se retire" })).toMatchObject({ ok: true });
    const [stage] = await notified(meieOfficer.id, "funding.funderStage", link);
    expect(stage.payload).toMatchObject({ title: "Avis au bailleur", stage: "Fermée" });
  });

  it("of the consortium's messages in the funder thread, never of its internal comments", async () => {
    const id = await submitted("Fil du bailleur");
    const link = `/pipeline/applications/${id}`;
    expect(await addComment(numanaAdmin, id, "Commentaire interne", new Date(), "consortium")).toMatchObject({ ok: true });
    expect(await notified(meieOfficer.id, "funding.funderComment", link)).toHaveLength(0);
    expect(await addComment(numanaAdmin, id, "Question au bailleur", new Date(), "funder")).toMatchObject({ ok: true });
    expect(await notified(meieOfficer.id, "funding.funderComment", link)).toHaveLength(1);
    // The funder writes back from its page; the consortium reads it; the funder never sees internal comments.
    expect((await funderPage("bailleur@meie.example", id, { intent: "funderComment", body: "Réponse du ministère" })).status).toBe(302);
    const mine = await bodyOf(await funderPage("bailleur@meie.example", id));
    expect(mine.app.thread.map((c: { body: string }) => c.body)).toEqual(["Question au bailleur", "Réponse du ministère"]);
    expect(JSON.stringify(mine)).not.toContain("Commentaire interne");
    const theirs = await bodyOf(await call(applicationLoader, `/funding/applications/${id}`, { cookie: await cookieFor("admin@aero-montreal.example"), params: { id } }));
    expect(theirs.app.thread.map((c: { body: string }) => c.body)).toEqual(["Question au bailleur", "Réponse du ministère"]);
    expect(theirs.app.comments.map((c: { body: string }) => c.body)).toEqual(["Commentaire interne"]);
    expect(await notified(numanaAdmin.id, "funding.funderComment", `/funding/applications/${id}`)).toHaveLength(1);
  });
});

describe("reporting milestones", () => {
  it("belong to an award; impossible or out-of-range dates are refused with a message, nothing written", async () => {
    const id = await submitted("Jalons");
    expect(await addMilestone(meieOfficer, id, { kind: "progress_report", dueOn: addDays(today(), 30) })).toMatchObject({ ok: false, reason: "conflict", message: { key: "funding.error.milestoneNeedsAward" } });
    expect(await recordDecision(meieOfficer, id, { version: await version(id), outcome: "awarded", amount: 200000 })).toMatchObject({ ok: true });
    const bad = async (form: Record<string, string>) => bodyOf(await funderPage("bailleur@meie.example", id, { intent: "addMilestone", ...form }));
    expect((await bad({ kind: "progress_report", dueOn: "2027-02-30" })).errors.dueOn.key).toBe("funding.error.dateImpossible");
    expect((await bad({ kind: "progress_report", dueOn: addDays(today(), -1) })).errors.dueOn.key).toBe("funding.error.milestoneBeforeAward");
    expect((await bad({ kind: "progress_report", dueOn: addDays(today(), 11 * 366) })).errors.dueOn).toMatchObject({ key: "funding.error.milestoneTooFar", params: { years: 10 } });
    expect((await bad({ kind: "other", dueOn: addDays(today(), 30) })).errors.label.key).toBe("funding.error.milestoneLabelRequired");
    expect((await bad({ kind: "nonsense", dueOn: addDays(today(), 30) })).errors.kind.key).toBe("error.choice");
    const [none] = await getDb().select({ n: count() }).from(applicationMilestones).where(eq(applicationMilestones.applicationId, id));
    expect(none.n).toBe(0);
    // Another funder: not found.
    expect(await addMilestone(decOfficer, id, { kind: "progress_report", dueOn: addDays(today(), 30) })).toMatchObject({ ok: false, reason: "not_found" });
    expect((await funderPage("bailleur@meie.example", id, { intent: "addMilestone", kind: "progress_report", dueOn: addDays(today(), 10) })).status).toBe(302);
    const d = (await getApplicationDetail(id))!;
    expect(d.milestones).toHaveLength(1);
    expect(await notified(numanaAdmin.id, "funding.milestone", `/funding/applications/${id}`)).toHaveLength(1);
    // A re-opened decision would orphan them: refused while they exist.
    expect(await reopenDecision(meieOfficer, id, { version: await version(id), note: "x" })).toMatchObject({ ok: false, errors: { note: { key: "funding.error.reopenHasMilestones" } } });
    // Done: not in the future, not before the award.
    const m = d.milestones[0];
    expect(await completeMilestone(meieOfficer, id, m.id, { doneOn: addDays(today(), 1) })).toMatchObject({ ok: false, errors: { doneOn: { key: "funding.error.doneInFuture" } } });
    expect(await completeMilestone(meieOfficer, id, m.id, { doneOn: addDays(today(), -3) })).toMatchObject({ ok: false, errors: { doneOn: { key: "funding.error.doneBeforeAward" } } });
    expect(await completeMilestone(meieOfficer, id, m.id, { doneOn: today() })).toMatchObject({ ok: true });
  });

  it("remind the consortium before they are due, once per threshold (idempotent), and not once done", async () => {
    const id = await submitted("Rappels de jalons");
    expect(await recordDecision(meieOfficer, id, { version: await version(id), outcome: "awarded", amount: 150000 })).toMatchObject({ ok: true });
    const due = await addMilestone(meieOfficer, id, { kind: "final_report", dueOn: addDays(today(), 12) });
    const later = await addMilestone(meieOfficer, id, { kind: "other", label: "Bilan des retombées", dueOn: addDays(today(), 200) });
    if (!due.ok || !later.ok) throw new Error("milestones");
    const mine = [due.value.id, later.value.id];
    const sent = async (at: Date) => {
      await queueMilestoneReminders(at, [14, 3]);
      const [r] = await getDb().select({ n: count() }).from(milestoneReminders).where(inArray(milestoneReminders.milestoneId, mine));
      return r.n;
    };
    expect(await sent(new Date())).toBe(1); // the 14-day reminder of the final report
    expect(await sent(new Date())).toBe(1); // a second run (or a second process) sends nothing more
    const [mail] = await getDb().select().from(outbox).where(and(eq(outbox.toAddress, "admin@numana.example"), eq(outbox.subject, `Rappel : Rapport final de « Rappels de jalons » attendu le ${new Intl.DateTimeFormat("fr-CA", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${addDays(today(), 12)}T12:00:00Z`))}`)));
    expect(mail.kind).toBe("funding");
    expect(mail.bodyText).toContain("dans 12 jours");
    // Done before the 3-day threshold: no second reminder.
    expect(await completeMilestone(meieOfficer, id, due.value.id, { doneOn: today() })).toMatchObject({ ok: true });
    expect(await sent(new Date(Date.now() + 10 * 86_400_000))).toBe(1);
  });
});

describe("closed applications keep their decision everywhere", () => {
  it("on the board, the list and the funnel: a refused then closed application is refused, not closed", async () => {
    const id = await submitted("Refusée puis fermée");
    expect(await recordDecision(meieOfficer, id, { version: await version(id), outcome: "refused", reason: "Hors programme" })).toMatchObject({ ok: true });
    expect(await moveStage(numanaAdmin, id, { version: await version(id), to: "closed" })).toMatchObject({ ok: true });
    const listed = (await listApplications(coordinator)).find((a) => a.id === id)!;
    expect(listed).toMatchObject({ stage: "closed", boardStage: "declined" });
    expect((await listApplications(coordinator, { stage: "declined" })).some((a) => a.id === id)).toBe(true);
    const pipeline = (await loadPipeline({ funderId: await funderIdOf("meie") }))!;
    const columns = (s: string) => pipeline.apps.filter((a) => a.boardStage === s).length;
    expect(columns("declined")).toBe(pipeline.funnel.declined);
    expect(columns("awarded")).toBe(pipeline.funnel.steps.find((s) => s.stage === "awarded")!.reached);
    expect(pipeline.apps.find((a) => a.id === id)!.decision).toMatchObject({ outcome: "refused", reason: "Hors programme" });
    // The consortium may re-open the file it closed, only back to the decision.
    expect(await moveStage(numanaAdmin, id, { version: await version(id), to: "under_review", note: "x" })).toMatchObject({ ok: false });
    expect(await moveStage(numanaAdmin, id, { version: await version(id), to: "declined", note: "Fermée par erreur" })).toMatchObject({ ok: true });
    const [changes] = await getDb().select({ n: count() }).from(applicationStageChanges).where(eq(applicationStageChanges.applicationId, id));
    expect(changes.n).toBe(6);
  });
});
