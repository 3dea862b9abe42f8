/**
 * Funders, their programmes and calls for projects, managed by the coordination.
 * Every write runs in one transaction with its audit entry.
 */
import { and, asc, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { funders } from "@db/schema";
import { jointApplications, programmeCalls, programmes, type Programme, type ProgrammeCall } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, type Actor } from "~/modules/auth/permissions";
import { foldText } from "~/modules/i18n/text";
import { parseProgramme, sameProgramme } from "~/modules/matching/programme";
import { conflictResult, fieldResult, forbiddenResult, notFoundResult, ok, type Result } from "~/modules/result";
import { todayIso } from "./metrics";
import type { CallInput, FunderInput, ProgrammeInput } from "./validation";

/** Someone changed the record since the person loaded it. */
export const staleResult = () => conflictResult("funding.error.conflict");

// ------------------------------------------------------------------ reading

export async function listFundersWithProgrammes(db: Tx = getDb()) {
  const fs = await db.select().from(funders).orderBy(asc(funders.nameFr));
  const ps = await db.select().from(programmes).orderBy(asc(programmes.nameFr));
  const calls = await db.select().from(programmeCalls).orderBy(asc(programmeCalls.deadline));
  return fs.map((f) => ({
    ...f,
    programmes: ps.filter((p) => p.funderId === f.id).map((p) => ({ ...p, calls: calls.filter((c) => c.programmeId === p.id) })),
  }));
}

export async function getFunder(id: string, db: Tx = getDb()) {
  const [f] = await db.select().from(funders).where(eq(funders.id, id)).limit(1);
  return f ?? null;
}

export async function getProgramme(id: string, db: Tx = getDb()) {
  const [row] = await db.select({ programme: programmes, funder: funders }).from(programmes).innerJoin(funders, eq(funders.id, programmes.funderId)).where(eq(programmes.id, id)).limit(1);
  if (!row) return null;
  const calls = await db.select().from(programmeCalls).where(eq(programmeCalls.programmeId, id)).orderBy(asc(programmeCalls.deadline));
  return { ...row.programme, funder: row.funder, calls };
}

export async function getCall(id: string, db: Tx = getDb()): Promise<ProgrammeCall | null> {
  const [c] = await db.select().from(programmeCalls).where(eq(programmeCalls.id, id)).limit(1);
  return c ?? null;
}

export interface ProgrammeOption {
  id: string;
  funderId: string;
  funderNameFr: string;
  funderNameEn: string;
  nameFr: string;
  nameEn: string;
  maxPerProject: number | null;
  minPartners: number;
  eligibleCategories: string[];
  /** Calls whose deadline is today or later, soonest first. */
  calls: { id: string; labelFr: string; labelEn: string; deadline: string }[];
}

/**
 * The active programmes and their open calls, for pickers: the application form, and joint-grant
 * postings (which may also name a programme not listed yet, in free text).
 */
export async function listProgrammeOptions(opts: { now?: Date; category?: string } = {}, db: Tx = getDb()): Promise<ProgrammeOption[]> {
  const today = todayIso(opts.now);
  const rows = await db
    .select({ p: programmes, f: funders })
    .from(programmes)
    .innerJoin(funders, eq(funders.id, programmes.funderId))
    .where(and(eq(programmes.active, true), opts.category ? sql`${opts.category} = any(${programmes.eligibleCategories})` : undefined))
    .orderBy(asc(funders.nameFr), asc(programmes.nameFr));
  const ids = rows.map((r) => r.p.id);
  const calls = ids.length
    ? await db.select().from(programmeCalls).where(and(inArray(programmeCalls.programmeId, ids), gte(programmeCalls.deadline, today))).orderBy(asc(programmeCalls.deadline))
    : [];
  return rows.map(({ p, f }) => ({
    id: p.id,
    funderId: f.id,
    funderNameFr: f.nameFr,
    funderNameEn: f.nameEn,
    nameFr: p.nameFr,
    nameEn: p.nameEn,
    maxPerProject: p.maxPerProject,
    minPartners: p.minPartners,
    eligibleCategories: p.eligibleCategories,
    calls: calls.filter((c) => c.programmeId === p.id).map((c) => ({ id: c.id, labelFr: c.labelFr, labelEn: c.labelEn, deadline: c.deadline })),
  }));
}

/**
 * The active listed programme a text names, if any: its French or English name (accents and case
 * aside), else the same programme as the matching engine reads it — funder and programme, across
 * French and English names and acronyms ("DEC – Écosystèmes régionaux d'innovation (ERI) – appel
 * 2027" is DEC's "Regional Innovation Ecosystems (REI)"). Only one candidate may fit.
 */
export async function findProgrammeByName(name: string, db: Tx = getDb()): Promise<Programme | null> {
  const wanted = foldText(name);
  if (!wanted) return null;
  const all = await db.select({ p: programmes, f: funders }).from(programmes).innerJoin(funders, eq(funders.id, programmes.funderId)).where(eq(programmes.active, true));
  const exact = all.find(({ p }) => foldText(p.nameFr) === wanted || foldText(p.nameEn) === wanted);
  if (exact) return exact.p;
  const asked = parseProgramme(name);
  if (!asked.funder && !asked.programme) return null;
  const fits = all.filter(({ p, f }) => sameProgramme(asked, parseProgramme(`${f.nameFr} – ${p.nameFr}`)) || sameProgramme(asked, parseProgramme(`${f.nameEn} – ${p.nameEn}`)));
  return fits.length === 1 ? fits[0].p : null;
}

/** A programme's calls whose deadline is `today` or later, soonest first. */
export async function openCallsOf(programmeId: string, today: string, db: Tx = getDb()): Promise<ProgrammeCall[]> {
  return db.select().from(programmeCalls).where(and(eq(programmeCalls.programmeId, programmeId), gte(programmeCalls.deadline, today))).orderBy(asc(programmeCalls.deadline));
}

// ------------------------------------------------------------------ funders

export function slugify(s: string): string {
  return foldText(s).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "bailleur";
}

export async function createFunder(actor: Actor, input: FunderInput): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  const db = getDb();
  const base = slugify(input.nameFr);
  return db.transaction(async (tx) => {
    const taken = new Set((await tx.select({ slug: funders.slug }).from(funders).where(sql`${funders.slug} like ${`${base}%`}`)).map((r) => r.slug));
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    const [row] = await tx.insert(funders).values({ slug, nameFr: input.nameFr, nameEn: input.nameEn, website: input.website ?? null }).returning();
    await audit(tx, { actorId: actor.id, action: "funder.create", entity: "funder", entityId: row.id, after: row });
    return ok({ id: row.id });
  });
}

export async function updateFunder(actor: Actor, id: string, input: FunderInput): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select().from(funders).where(eq(funders.id, id)).for("update");
    if (!before) return notFoundResult();
    const [after] = await tx.update(funders).set({ nameFr: input.nameFr, nameEn: input.nameEn, website: input.website ?? null, updatedAt: new Date() }).where(eq(funders.id, id)).returning();
    await audit(tx, { actorId: actor.id, action: "funder.update", entity: "funder", entityId: id, before, after });
    return ok({ id });
  });
}

// ------------------------------------------------------------------ programmes

function programmeColumns(input: ProgrammeInput) {
  return {
    funderId: input.funderId,
    nameFr: input.nameFr,
    nameEn: input.nameEn,
    descriptionFr: input.descriptionFr ?? "",
    descriptionEn: input.descriptionEn ?? "",
    website: input.website ?? null,
    envelope: input.envelope,
    maxPerProject: input.maxPerProject ?? null,
    minPartners: input.minPartners,
    eligibleCategories: [...new Set(input.eligibleCategories)],
    active: input.active,
  };
}

export async function createProgramme(actor: Actor, input: ProgrammeInput): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  return getDb().transaction(async (tx) => {
    if (!(await getFunder(input.funderId, tx))) return fieldResult("funderId", "error.choice");
    const [row] = await tx.insert(programmes).values(programmeColumns(input)).returning();
    await audit(tx, { actorId: actor.id, action: "programme.create", entity: "programme", entityId: row.id, after: row });
    return ok({ id: row.id });
  });
}

export async function updateProgramme(actor: Actor, id: string, input: ProgrammeInput, expectedVersion: number): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select().from(programmes).where(eq(programmes.id, id)).for("update");
    if (!before) return notFoundResult();
    if (before.version !== expectedVersion) return staleResult();
    if (!(await getFunder(input.funderId, tx))) return fieldResult("funderId", "error.choice");
    // Moving a programme to another funder would hand its applications to that funder: refuse.
    if (input.funderId !== before.funderId) return fieldResult("funderId", "funding.error.funderLocked");
    if (input.maxPerProject !== undefined) {
      const max = input.maxPerProject;
      const [over] = await tx
        .select({ id: jointApplications.id })
        .from(jointApplications)
        .where(and(eq(jointApplications.programmeId, id), or(gt(jointApplications.amountAwarded, max), gt(jointApplications.amountRequested, max))))
        .limit(1);
      if (over) return fieldResult("maxPerProject", "funding.error.maxBelowApplications");
    }
    const [after] = await tx
      .update(programmes)
      .set({ ...programmeColumns(input), version: before.version + 1, updatedAt: new Date() })
      .where(eq(programmes.id, id))
      .returning();
    await audit(tx, { actorId: actor.id, action: "programme.update", entity: "programme", entityId: id, before, after });
    return ok({ id });
  });
}

export async function addCall(actor: Actor, programmeId: string, input: CallInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  if (input.deadline < todayIso(now)) return fieldResult("deadline", "funding.error.deadlinePast");
  return getDb().transaction(async (tx) => {
    const [p] = await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, programmeId)).for("update");
    if (!p) return notFoundResult();
    const [dup] = await tx
      .select({ id: programmeCalls.id })
      .from(programmeCalls)
      .where(and(eq(programmeCalls.programmeId, programmeId), eq(programmeCalls.deadline, input.deadline)))
      .limit(1);
    if (dup) return fieldResult("deadline", "funding.error.callExists");
    const [row] = await tx.insert(programmeCalls).values({ programmeId, labelFr: input.labelFr, labelEn: input.labelEn, deadline: input.deadline }).returning();
    await audit(tx, { actorId: actor.id, action: "programme.call.add", entity: "programme", entityId: programmeId, after: row });
    return ok({ id: row.id });
  });
}

export async function removeCall(actor: Actor, programmeId: string, callId: string): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  return getDb().transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(programmeCalls)
      .where(and(eq(programmeCalls.id, callId), eq(programmeCalls.programmeId, programmeId)))
      .for("update");
    if (!before) return notFoundResult();
    // Applications keep their deadline (copied at creation); only the link to the call goes.
    await tx.delete(programmeCalls).where(eq(programmeCalls.id, callId));
    await audit(tx, { actorId: actor.id, action: "programme.call.remove", entity: "programme", entityId: programmeId, before });
    return ok({ id: callId });
  });
}

/** Programme ids of one funder (for scoping the pipeline). */
export async function programmeIdsOf(funderId: string, db: Tx = getDb()): Promise<string[]> {
  return (await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.funderId, funderId))).map((r) => r.id);
}

/** Suggestions for a joint grant's programme: the listed programmes and their open calls. */
export async function programmeSuggestions(locale: "fr" | "en"): Promise<string[]> {
  const options = await listProgrammeOptions({ category: "joint_grant" });
  return options.flatMap((p) => {
    const name = locale === "fr" ? p.nameFr : p.nameEn;
    return [name, ...p.calls.map((c) => `${name} – ${locale === "fr" ? c.labelFr : c.labelEn}`)];
  });
}
