/**
 * Joint applications: the rules (amounts, backward moves, partners, deadlines, versions), each
 * refused with a translated field error and nothing half-written; the stage history, audit and
 * notifications of the writes that succeed; the one-step creation from a pool.
 */
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { auditLog, funders, notifications, type User } from "@db/schema";
import { applicationStageChanges, jointApplications, programmeCalls } from "@db/schema";
import {
  addComment,
  addDocument,
  attachProgramme,
  createApplication,
  createApplicationFromPool,
  getApplicationDetail,
  moveStage,
  removeMember,
  setMember,
  updateApplication,
} from "~/modules/funding/applications.server";
import { addCall, createProgramme, getProgramme, updateProgramme } from "~/modules/funding/programmes.server";
import { createApplicationSchema, programmeSchema } from "~/modules/funding/validation";
import { action as applicationAction, loader as applicationLoader } from "~/routes/funding.applications.$id";
import { action as newAction } from "~/routes/funding.new";
import { action as programmesAction } from "~/routes/funding.programmes._index";
import { bodyOf, call, clusterId, cookieFor, seed, userByEmail } from "../helpers";
import { jointGrantNeed, poolOf } from "./funding-fixtures";

const NOW = new Date("2026-11-22T15:00:00Z");
let coordinator: User;
let numanaAdmin: User;
let numanaMember: User;
let aeroAdmin: User;
let mmodeAdmin: User;
let programmeId: string; // max 300 000, min 3 partners
let callId: string;
let ids: Record<string, string>;

async function funderId(slug: string) {
  const [f] = await getDb().select({ id: funders.id }).from(funders).where(eq(funders.slug, slug));
  return f.id;
}

async function newApplication(over: Partial<Parameters<typeof createApplicationSchema.parse>[0]> = {}) {
  const input = createApplicationSchema.parse({
    title: "Projet d'essai",
    programmeId,
    callId,
    leadClusterId: ids.numana,
    "clusterIds": [ids.aero],
    amountRequested: "200000",
    ...over,
  });
  const r = await createApplication(coordinator, input, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.id;
}

async function version(id: string) {
  const [a] = await getDb().select({ version: jointApplications.version }).from(jointApplications).where(eq(jointApplications.id, id));
  return a.version;
}

async function move(actor: User, id: string, to: string, extra: { note?: string } = {}) {
  return moveStage(actor, id, { version: await version(id), to: to as never, ...extra }, NOW);
}

async function stageChanges(id: string) {
  const [r] = await getDb().select({ n: count() }).from(applicationStageChanges).where(eq(applicationStageChanges.applicationId, id));
  return r.n;
}

beforeAll(async () => {
  await seed();
  coordinator = await userByEmail("coordination@maillage.example");
  numanaAdmin = await userByEmail("admin@numana.example");
  numanaMember = await userByEmail("membre@numana.example");
  aeroAdmin = await userByEmail("admin@aero-montreal.example");
  mmodeAdmin = await userByEmail("admin@mmode.example");
  ids = { numana: await clusterId("numana"), aero: await clusterId("aero-montreal"), mmode: await clusterId("mmode"), ecotech: await clusterId("ecotech-quebec") };
  const p = await createProgramme(
    coordinator,
    programmeSchema.parse({ funderId: await funderId("meie"), nameFr: "Programme d'essai", nameEn: "Test programme", envelope: "1 000 000", maxPerProject: "300 000", minPartners: "3", "eligibleCategories": ["joint_grant"], active: "on" }),
  );
  if (!p.ok) throw new Error("programme");
  programmeId = p.value.id;
  const c = await addCall(coordinator, programmeId, { labelFr: "Appel 2027", labelEn: "2027 call", deadline: "2027-02-01" }, NOW);
  if (!c.ok) throw new Error("call");
  callId = c.value.id;
});

describe("programmes", () => {
  it("refuses a maximum above the envelope and a call deadline in the past", async () => {
    const bad = programmeSchema.safeParse({ funderId: await funderId("dec"), nameFr: "X", nameEn: "X", envelope: "100000", maxPerProject: "200000", minPartners: "2" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ["maxPerProject"], message: "funding.error.maxAboveEnvelope" });
    const past = await addCall(coordinator, programmeId, { labelFr: "Vieux", labelEn: "Old", deadline: "2026-11-21" }, NOW);
    expect(past).toMatchObject({ ok: false, reason: "invalid", errors: { deadline: { key: "funding.error.deadlinePast" } } });
    const dup = await addCall(coordinator, programmeId, { labelFr: "Même", labelEn: "Same", deadline: "2027-02-01" }, NOW);
    expect(dup).toMatchObject({ ok: false, errors: { deadline: { key: "funding.error.callExists" } } });
  });

  it("is managed by the coordination only, through the page too", async () => {
    expect(await addCall(numanaAdmin, programmeId, { labelFr: "x", labelEn: "x", deadline: "2027-03-01" }, NOW)).toMatchObject({ ok: false, reason: "forbidden" });
    const res = await call(programmesAction, "/funding/programmes", {
      cookie: await cookieFor("coordination@maillage.example"),
      form: { intent: "createProgramme", funderId: await funderId("cmm"), nameFr: "Nouveau", nameEn: "New", envelope: "abc", minPartners: "2" },
    });
    expect(res.status).toBe(400);
    expect((await bodyOf(res)).errors.envelope.key).toBe("error.number");
  });

  it("will not lower the maximum below an existing application's amounts", async () => {
    await newApplication({ amountRequested: "250000" });
    const input = programmeSchema.parse({ funderId: await funderId("meie"), nameFr: "Programme d'essai", nameEn: "Test programme", envelope: "1000000", maxPerProject: "200000", minPartners: "3", active: "on" });
    const current = (await getProgramme(programmeId))!;
    expect(await updateProgramme(coordinator, programmeId, input, current.version)).toMatchObject({ ok: false, errors: { maxPerProject: { key: "funding.error.maxBelowApplications" } } });
    expect(await updateProgramme(coordinator, programmeId, { ...input, funderId: await funderId("dec"), maxPerProject: 300000 }, current.version)).toMatchObject({
      ok: false,
      errors: { funderId: { key: "funding.error.funderLocked" } },
    });
    expect(await updateProgramme(coordinator, programmeId, { ...input, maxPerProject: 300000 }, current.version - 1)).toMatchObject({ ok: false, reason: "conflict" });
  });
});

describe("creating an application", () => {
  it("records the consortium, the first stage, the audit entry and notifies the consortium", async () => {
    const id = await newApplication({ title: "Création complète", "clusterIds": [ids.aero, ids.mmode], stage: "consortium_formed" });
    const d = (await getApplicationDetail(id))!;
    expect(d.members[0].clusterId).toBe(ids.numana); // the lead first
    expect(new Set(d.members.map((m) => m.clusterId))).toEqual(new Set([ids.numana, ids.aero, ids.mmode]));
    expect(d.stage).toBe("consortium_formed");
    expect(d.deadline).toBe("2027-02-01");
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ fromStage: null, toStage: "consortium_formed" });
    const [a] = await getDb().select({ n: count() }).from(auditLog).where(and(eq(auditLog.entity, "joint_application"), eq(auditLog.entityId, id), eq(auditLog.action, "application.create")));
    expect(a.n).toBe(1);
    const [n] = await getDb().select({ n: count() }).from(notifications).where(and(eq(notifications.userId, aeroAdmin.id), eq(notifications.kind, "funding.created")));
    expect(n.n).toBeGreaterThan(0);
  });

  it("refuses a call or a typed deadline in the past, and a request above the programme's maximum", async () => {
    const [old] = await getDb().insert(programmeCalls).values({ programmeId, labelFr: "Passé", labelEn: "Past", deadline: "2026-10-01" }).returning();
    const base = { title: "Trop tard", programmeId, leadClusterId: ids.numana, "clusterIds": [ids.aero] };
    const r1 = await createApplication(coordinator, createApplicationSchema.parse({ ...base, callId: old.id }), NOW);
    expect(r1).toMatchObject({ ok: false, reason: "invalid", errors: { callId: { key: "funding.error.deadlinePast" } } });
    const r2 = await createApplication(coordinator, createApplicationSchema.parse({ ...base, programmeId: undefined, programmeText: "Programme inconnu", deadline: "2026-11-21" }), NOW);
    expect(r2).toMatchObject({ ok: false, errors: { deadline: { key: "funding.error.deadlinePast" } } });
    const r3 = await createApplication(coordinator, createApplicationSchema.parse({ ...base, amountRequested: "300000.01" }), NOW);
    expect(r3).toMatchObject({ ok: false, errors: { amountRequested: { key: "funding.error.requestAboveMax", params: { amount: 300000 } } } });
    const r4 = await createApplication(coordinator, createApplicationSchema.parse({ title: "Sans programme", leadClusterId: ids.numana }), NOW);
    expect(r4).toMatchObject({ ok: false, errors: { programmeId: { key: "funding.error.programmeRequired" } } });
    const [none] = await getDb().select({ n: count() }).from(jointApplications).where(eq(jointApplications.title, "Trop tard"));
    expect(none.n).toBe(0);
  });

  it("answers the form with field errors in the reader's language, keeping the entries", async () => {
    const cookie = await cookieFor("coordination@maillage.example");
    const res = await call(newAction, "/funding/new", {
      cookie,
      headers: { "Accept-Language": "fr-CA" },
      form: { title: "Formulaire", programmeId, leadClusterId: ids.numana, "clusterIds[]": [ids.aero, ids.mmode], amountRequested: "400 000", stage: "idea" },
    });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body.errors.amountRequested.key).toBe("funding.error.requestAboveMax");
    expect(body.errors.amountRequested.params.amount).toMatch(/300\s000\s\$/);
    expect(body.values.title).toBe("Formulaire");
    expect(body.checked.clusterIds).toEqual([ids.aero, ids.mmode]);
    const ok = await call(newAction, "/funding/new", { cookie, form: { title: "Formulaire", programmeId, callId, leadClusterId: ids.numana, "clusterIds[]": [ids.aero, ids.mmode], amountRequested: "250 000", stage: "idea" } });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toMatch(/^\/funding\/applications\/[0-9a-f-]{36}\?notice=funding.notice.created$/);
    // Cluster people cannot create applications; funders do not even see the page.
    expect((await call(newAction, "/funding/new", { cookie: await cookieFor("admin@numana.example"), form: { title: "x" } })).status).toBe(404);
    expect((await call(newAction, "/funding/new", { cookie: await cookieFor("bailleur@meie.example"), form: { title: "x" } })).status).toBe(404);
  });
});

describe("moving through the stages", () => {
  it("lets the lead cluster move forward; a consortium member may not", async () => {
    const id = await newApplication();
    expect(await move(aeroAdmin, id, "consortium_formed")).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await move(numanaMember, id, "consortium_formed")).toMatchObject({ ok: true });
    expect(await move(coordinator, id, "drafting")).toMatchObject({ ok: true });
    expect(await stageChanges(id)).toBe(3);
  });

  it("refuses skipping a stage, and going back without a note", async () => {
    const id = await newApplication();
    const skip = await move(numanaAdmin, id, "submitted");
    expect(skip).toMatchObject({ ok: false, reason: "invalid", errors: { to: { key: "funding.error.moveNotAllowed" } } });
    await move(numanaAdmin, id, "consortium_formed");
    await move(numanaAdmin, id, "drafting");
    const before = await stageChanges(id);
    expect(await move(numanaAdmin, id, "consortium_formed")).toMatchObject({ ok: false, errors: { note: { key: "funding.error.noteRequired" } } });
    expect(await stageChanges(id)).toBe(before);
    expect(await move(numanaAdmin, id, "consortium_formed", { note: "Un partenaire se retire" })).toMatchObject({ ok: true });
    const d = (await getApplicationDetail(id))!;
    expect(d.changes.at(-1)).toMatchObject({ fromStage: "drafting", toStage: "consortium_formed", note: "Un partenaire se retire", byName: numanaAdmin.name });
  });

  it("refuses submitting with fewer partners than the programme's minimum, or without an amount", async () => {
    const id = await newApplication(); // 2 clusters, minimum 3
    for (const s of ["consortium_formed", "drafting"]) await move(numanaAdmin, id, s);
    const r = await move(numanaAdmin, id, "submitted");
    expect(r).toMatchObject({ ok: false, reason: "invalid", errors: { to: { key: "funding.error.tooFewPartners", params: { min: 3, count: 2 } } } });
    expect(await setMember(numanaAdmin, id, { clusterId: ids.mmode, role: "Volet mode" }, NOW)).toMatchObject({ ok: true });
    const v = await version(id);
    expect(await updateApplication(numanaAdmin, id, { version: v, title: "Projet d'essai" }, NOW)).toMatchObject({ ok: true }); // clears the amount
    expect(await move(numanaAdmin, id, "submitted")).toMatchObject({ ok: false, errors: { to: { key: "funding.error.requestedRequired" } } });
    expect(await updateApplication(numanaAdmin, id, { version: v + 1, title: "Projet d'essai", amountRequested: 280000 }, NOW)).toMatchObject({ ok: true });
    expect(await move(numanaAdmin, id, "submitted")).toMatchObject({ ok: true });
    // Once submitted, the consortium cannot shrink below the minimum.
    expect(await removeMember(numanaAdmin, id, ids.mmode, NOW)).toMatchObject({ ok: false, errors: { clusterId: { key: "funding.error.tooFewPartners" } } });
    expect(await removeMember(numanaAdmin, id, ids.numana, NOW)).toMatchObject({ ok: false, errors: { clusterId: { key: "funding.error.cannotRemoveLead" } } });
  });

  it("never lets the consortium or the coordination set the decision itself", async () => {
    const id = await newApplication({ "clusterIds": [ids.aero, ids.mmode], amountRequested: "250000" });
    for (const s of ["consortium_formed", "drafting", "submitted", "under_review"]) expect(await move(coordinator, id, s)).toMatchObject({ ok: true });
    const [{ n: before }] = await getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, id));
    for (const who of [numanaAdmin, coordinator])
      for (const to of ["awarded", "declined"]) expect(await move(who, id, to)).toMatchObject({ ok: false, reason: "invalid", errors: { to: { key: "funding.error.funderDecides" } } });
    const [{ n: after }] = await getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(after).toBe(before); // nothing written
    expect((await getApplicationDetail(id))!).toMatchObject({ stage: "under_review", amountAwarded: null });
    // The page's move form offers no decision either.
    const page = await bodyOf(await call(applicationLoader, `/funding/applications/${id}`, { cookie: await cookieFor("admin@numana.example"), params: { id } }));
    expect(page.moves.map((m: { to: string }) => m.to)).not.toContain("awarded");
    expect(page.decide).toBe(false); // MEIE has an account: it decides, not the coordination
  });

  it("attaches a listed programme later, refusing a call already closed", async () => {
    const id = await newApplication({ programmeId: undefined, callId: undefined, programmeText: "Programme d'essai (nom provisoire)", deadline: "2027-01-15" });
    const [old] = await getDb().insert(programmeCalls).values({ programmeId, labelFr: "Clos", labelEn: "Closed", deadline: "2026-11-01" }).returning();
    expect(await attachProgramme(coordinator, id, { version: await version(id), programmeId, callId: old.id }, NOW)).toMatchObject({ ok: false, errors: { callId: { key: "funding.error.deadlinePast" } } });
    expect(await attachProgramme(numanaAdmin, id, { version: await version(id), programmeId, callId }, NOW)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await attachProgramme(coordinator, id, { version: await version(id), programmeId, callId }, NOW)).toMatchObject({ ok: true });
    expect((await getApplicationDetail(id))!).toMatchObject({ programmeId, callId, deadline: "2027-02-01", programmeText: "Programme d'essai (nom provisoire)" });
  });

  it("refuses a stale version (someone moved it meanwhile)", async () => {
    const id = await newApplication();
    const v = await version(id);
    expect(await moveStage(numanaAdmin, id, { version: v, to: "consortium_formed" }, NOW)).toMatchObject({ ok: true });
    expect(await moveStage(coordinator, id, { version: v, to: "drafting" }, NOW)).toMatchObject({ ok: false, reason: "conflict", message: { key: "funding.error.conflict" } });
  });

  it("notifies the consortium of a move, in each person's language", async () => {
    const id = await newApplication({ title: "Avis d'étape" });
    await move(numanaAdmin, id, "consortium_formed");
    const aeroMember = await userByEmail("membre@aero-montreal.example"); // English speaker
    const link = `/funding/applications/${id}`;
    const [n] = await getDb().select().from(notifications).where(and(eq(notifications.userId, aeroMember.id), eq(notifications.kind, "funding.stage"), eq(notifications.link, link)));
    expect(n.payload).toEqual({ title: "Avis d'étape", stage: "Consortium formed" });
    expect(n.link).toBe(`/funding/applications/${id}`);
    const mine = await getDb().select().from(notifications).where(and(eq(notifications.userId, numanaAdmin.id), eq(notifications.kind, "funding.stage"), eq(notifications.link, link)));
    expect(mine).toHaveLength(0); // not the person who moved it
  });
});

describe("the application page", () => {
  it("moves stages, comments and adds documents through its action", async () => {
    const id = await newApplication({ title: "Par la page" });
    const lead = await cookieFor("admin@numana.example");
    const page = await bodyOf(await call(applicationLoader, `/funding/applications/${id}`, { cookie: lead, params: { id } }));
    expect(page.edit).toBe(true);
    expect(page.moves[0]).toMatchObject({ to: "consortium_formed", kind: "forward" });
    const moved = await call(applicationAction, `/funding/applications/${id}`, { cookie: lead, params: { id }, form: { intent: "move", version: String(page.app.version), to: "consortium_formed" } });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe(`/funding/applications/${id}?notice=funding.notice.moved`);
    const back = await call(applicationAction, `/funding/applications/${id}`, { cookie: lead, params: { id }, form: { intent: "move", version: String(page.app.version + 1), to: "idea" } });
    expect(back.status).toBe(400);
    expect((await bodyOf(back)).errors.note.key).toBe("funding.error.noteRequired");
    const member = await cookieFor("admin@aero-montreal.example");
    const memberPage = await bodyOf(await call(applicationLoader, `/funding/applications/${id}`, { cookie: member, params: { id } }));
    expect(memberPage.edit).toBe(false);
    expect((await call(applicationAction, `/funding/applications/${id}`, { cookie: member, params: { id }, form: { intent: "comment", body: "Nous sommes prêts." } })).status).toBe(302);
    expect((await call(applicationAction, `/funding/applications/${id}`, { cookie: member, params: { id }, form: { intent: "move", version: "2", to: "drafting" } })).status).toBe(403);
    const badDoc = await call(applicationAction, `/funding/applications/${id}`, { cookie: lead, params: { id }, form: { intent: "addDocument", label: "Budget", url: "javascript:alert(1)" } });
    expect(badDoc.status).toBe(400);
    expect((await call(applicationAction, `/funding/applications/${id}`, { cookie: lead, params: { id }, form: { intent: "addDocument", label: "Budget", url: "https://example.org/budget.xlsx" } })).status).toBe(302);
    expect((await call(applicationAction, `/funding/applications/${id}`, { cookie: lead, params: { id }, form: { intent: "explode" } })).status).toBe(400);
    const d = (await getApplicationDetail(id))!;
    expect(d.comments.map((c) => c.body)).toEqual(["Nous sommes prêts."]);
    expect(d.documents.map((x) => x.label)).toEqual(["Budget"]);
  });

  it("keeps comments and documents to the consortium", async () => {
    const id = await newApplication();
    expect(await addComment(mmodeAdmin, id, "Je ne suis pas membre", NOW)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await addDocument(aeroAdmin, id, { label: "x", url: "https://example.org" }, NOW)).toMatchObject({ ok: false, reason: "forbidden" });
  });
});

describe("createApplicationFromPool", () => {
  it("turns a pool into an application at 'consortium formed', once per pool", async () => {
    const matchId = await poolOf([await jointGrantNeed("ecotech-quebec", "Programme d'essai", "2027-02-01"), await jointGrantNeed("mmode", "Programme d'essai", "2027-02-01")]);
    const input = { actor: coordinator, clusterIds: [ids.ecotech, ids.mmode, ids.aero], programme: { programmeId, callId }, title: "Demande issue d'un regroupement", leadClusterId: ids.ecotech, sourceMatchId: matchId, amountRequested: 150000, now: NOW };
    const first = await createApplicationFromPool(input);
    expect(first).toMatchObject({ ok: true, value: { existing: false } });
    const again = await createApplicationFromPool(input);
    expect(again).toEqual({ ok: true, value: { id: (first as { value: { id: string } }).value.id, existing: true } });
    const d = (await getApplicationDetail((first as { value: { id: string } }).value.id))!;
    expect(d).toMatchObject({ stage: "consortium_formed", sourceMatchId: matchId, programmeId, deadline: "2027-02-01", amountRequested: 150000 });
    expect(d.members).toHaveLength(3);
  });

  it("takes the programme by name, checks the lead and the actor", async () => {
    const byName = await createApplicationFromPool({ actor: coordinator, clusterIds: [ids.numana, ids.aero], programme: { text: "test PROGRAMME" }, title: "Par le nom", leadClusterId: ids.numana, now: NOW });
    expect(byName.ok).toBe(true);
    expect((await getApplicationDetail((byName as { value: { id: string } }).value.id))!.programmeId).toBe(programmeId);
    const unlisted = await createApplicationFromPool({ actor: coordinator, clusterIds: [ids.numana, ids.aero], programme: { text: "Fonds inconnu 2027" }, title: "Non répertorié", leadClusterId: ids.numana, now: NOW });
    expect((await getApplicationDetail((unlisted as { value: { id: string } }).value.id))!).toMatchObject({ programmeId: null, programmeText: "Fonds inconnu 2027" });
    expect(await createApplicationFromPool({ actor: coordinator, clusterIds: [ids.numana, ids.aero], programme: { text: "x" }, title: "Chef absent", leadClusterId: ids.mmode, now: NOW })).toMatchObject({
      ok: false,
      errors: { leadClusterId: { key: "funding.error.leadNotInConsortium" } },
    });
    expect(await createApplicationFromPool({ actor: numanaAdmin, clusterIds: [ids.numana, ids.aero], programme: { text: "x" }, title: "Pas coordination", leadClusterId: ids.numana, now: NOW })).toMatchObject({ ok: false, reason: "forbidden" });
  });
});
