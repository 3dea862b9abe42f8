/**
 * Joint applications: creation (by hand, or in one step from an approved joint-grant pool), stage
 * moves through the stage machine, amounts, the consortium, comments and document links.
 *
 * Every write: one transaction that locks the application row, checks the caller's permission and
 * the version the person saw (optimistic locking), applies the rules, records the change (stage
 * history, audit log) and the notifications it causes. Nothing is half-written.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { clusters, funders, postings, users, type Locale } from "@db/schema";
import {
  applicationComments,
  applicationDocuments,
  applicationMembers,
  applicationStageChanges,
  jointApplications,
  programmeCalls,
  programmes,
  type JointApplication,
  type Programme,
} from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, CLUSTER_ROLES, type Actor } from "~/modules/auth/permissions";
import { formatMoney, translator, type MessageKey } from "~/modules/i18n";
import { notify } from "~/modules/notifications/notifications.server";
import type { FieldErrors } from "~/modules/validation/form.server";
import { todayIso } from "./metrics";
import { conflictResult, findProgrammeByName, forbiddenResult, invalidResult, notFoundResult, type WriteResult } from "./programmes.server";
import { checkTransition, STAGE_RANK, type ApplicationStage } from "./stages";
import type { CreateApplicationInput, MoveInput, UpdateApplicationInput } from "./validation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

/** Partners a joint application needs when its programme is not listed. */
export const DEFAULT_MIN_PARTNERS = 2;

// ------------------------------------------------------------------ access

export interface ApplicationAccess {
  id: string;
  leadClusterId: string;
  /** The consortium, lead included. */
  clusterIds: string[];
  programmeId: string | null;
  /** The funder of its programme; null for an unlisted programme (no funder sees it). */
  funderId: string | null;
}

/** What the permission check needs to know about an application; null when it does not exist. */
export async function getApplicationAccess(id: string, db: Tx = getDb()): Promise<ApplicationAccess | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: jointApplications.id, leadClusterId: jointApplications.leadClusterId, programmeId: jointApplications.programmeId, funderId: programmes.funderId })
    .from(jointApplications)
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .where(eq(jointApplications.id, id))
    .limit(1);
  if (!row) return null;
  const members = await db.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, id));
  return { ...row, funderId: row.funderId ?? null, clusterIds: [...new Set([row.leadClusterId, ...members.map((m) => m.clusterId)])] };
}

export function canView(actor: Actor, access: ApplicationAccess) {
  return can(actor, "funding:application:view", { clusterIds: access.clusterIds });
}
export function canEdit(actor: Actor, access: ApplicationAccess) {
  return can(actor, "funding:application:edit", { clusterId: access.leadClusterId });
}

// ------------------------------------------------------------------ reading

export interface ApplicationListFilter {
  stage?: ApplicationStage;
  programmeId?: string;
}

/** The applications this person may see: all for the coordination, their consortiums' for cluster people. */
export async function listApplications(actor: Actor, filter: ApplicationListFilter = {}, db: Tx = getDb()) {
  if (!can(actor, "funding:applications")) return [];
  const scope = can(actor, "funding:manage")
    ? undefined
    : sql`${jointApplications.id} in (select application_id from application_members where cluster_id = ${actor.clusterId})`;
  const rows = await db
    .select({
      id: jointApplications.id,
      title: jointApplications.title,
      stage: jointApplications.stage,
      stageChangedAt: jointApplications.stageChangedAt,
      deadline: jointApplications.deadline,
      amountRequested: jointApplications.amountRequested,
      amountAwarded: jointApplications.amountAwarded,
      programmeId: jointApplications.programmeId,
      programmeText: jointApplications.programmeText,
      programmeNameFr: programmes.nameFr,
      programmeNameEn: programmes.nameEn,
      funderNameFr: funders.nameFr,
      funderNameEn: funders.nameEn,
      leadClusterId: jointApplications.leadClusterId,
      leadClusterName: clusters.name,
      updatedAt: jointApplications.updatedAt,
      members: sql<number>`(select count(*) from application_members m where m.application_id = ${jointApplications.id})`.mapWith(Number),
    })
    .from(jointApplications)
    .innerJoin(clusters, eq(clusters.id, jointApplications.leadClusterId))
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .leftJoin(funders, eq(funders.id, programmes.funderId))
    .where(
      and(
        scope,
        filter.stage ? eq(jointApplications.stage, filter.stage) : undefined,
        filter.programmeId ? eq(jointApplications.programmeId, filter.programmeId) : undefined,
      ),
    )
    .orderBy(desc(jointApplications.updatedAt));
  return rows;
}

export async function getApplicationDetail(id: string, db: Tx = getDb()) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ app: jointApplications, programme: programmes, funder: funders, call: programmeCalls, lead: { id: clusters.id, name: clusters.name, slug: clusters.slug } })
    .from(jointApplications)
    .innerJoin(clusters, eq(clusters.id, jointApplications.leadClusterId))
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .leftJoin(funders, eq(funders.id, programmes.funderId))
    .leftJoin(programmeCalls, eq(programmeCalls.id, jointApplications.callId))
    .where(eq(jointApplications.id, id))
    .limit(1);
  if (!row) return null;
  const [members, changes, comments, documents] = await Promise.all([
    db
      .select({ clusterId: applicationMembers.clusterId, role: applicationMembers.role, name: clusters.name, slug: clusters.slug, addedAt: applicationMembers.addedAt })
      .from(applicationMembers)
      .innerJoin(clusters, eq(clusters.id, applicationMembers.clusterId))
      .where(eq(applicationMembers.applicationId, id))
      .orderBy(asc(clusters.name)),
    db
      .select({ id: applicationStageChanges.id, fromStage: applicationStageChanges.fromStage, toStage: applicationStageChanges.toStage, at: applicationStageChanges.at, note: applicationStageChanges.note, byName: users.name })
      .from(applicationStageChanges)
      .leftJoin(users, eq(users.id, applicationStageChanges.byUserId))
      .where(eq(applicationStageChanges.applicationId, id))
      .orderBy(asc(applicationStageChanges.at), asc(applicationStageChanges.id)),
    db
      .select({ id: applicationComments.id, body: applicationComments.body, createdAt: applicationComments.createdAt, authorName: users.name, authorClusterId: users.clusterId })
      .from(applicationComments)
      .leftJoin(users, eq(users.id, applicationComments.authorId))
      .where(eq(applicationComments.applicationId, id))
      .orderBy(asc(applicationComments.createdAt), asc(applicationComments.id)),
    db
      .select({ id: applicationDocuments.id, label: applicationDocuments.label, url: applicationDocuments.url, createdAt: applicationDocuments.createdAt })
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, id))
      .orderBy(asc(applicationDocuments.createdAt)),
  ]);
  // The lead first.
  members.sort((a, b) => Number(b.clusterId === row.app.leadClusterId) - Number(a.clusterId === row.app.leadClusterId));
  return { ...row.app, programme: row.programme, funder: row.funder, call: row.call, lead: row.lead, members, changes, comments, documents };
}
export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof getApplicationDetail>>>;

/** Open joint-grant needs, to start an application from the clusters that posted them. */
export async function listJointGrantNeeds(db: Tx = getDb()) {
  return db
    .select({ id: postings.id, title: postings.title, programme: postings.programme, deadline: postings.deadline, clusterId: postings.clusterId, clusterName: clusters.name })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(and(eq(postings.category, "joint_grant"), eq(postings.kind, "need"), inArray(postings.status, ["open", "matched"])))
    .orderBy(asc(postings.deadline), asc(clusters.name))
    .limit(200);
}

// ------------------------------------------------------------------ rules shared by the writes

/** The consortium's people, who get the application's notifications. */
async function consortiumUsers(tx: Tx, clusterIds: readonly string[]) {
  if (!clusterIds.length) return [];
  return tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(inArray(users.clusterId, [...clusterIds]), inArray(users.role, [...CLUSTER_ROLES])));
}

async function notifyConsortium(
  tx: Tx,
  clusterIds: readonly string[],
  except: string | null,
  kind: string,
  payload: (t: ReturnType<typeof translator>, locale: Locale) => Record<string, string | number>,
  link: string,
) {
  const people = (await consortiumUsers(tx, clusterIds)).filter((u) => u.id !== except);
  await notify(
    tx,
    people.map((u) => ({ userId: u.id, kind, payload: payload(translator(u.locale), u.locale), link })),
  );
}

export const applicationLink = (id: string) => `/funding/applications/${id}`;

/** Turn money parameters into text in the reader's language (the module does not know it). */
export function localiseErrors(errors: FieldErrors, locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, e] of Object.entries(errors)) {
    if (!e.params || typeof e.params.amount !== "number") out[field] = e;
    else out[field] = { ...e, params: { ...e.params, amount: formatMoney(locale, e.params.amount) } };
  }
  return out;
}

function amountRules(
  v: { amountRequested: number | null; amountAwarded: number | null },
  programme: Pick<Programme, "maxPerProject"> | null,
): FieldErrors {
  const errors: FieldErrors = {};
  const max = programme?.maxPerProject ?? null;
  if (max !== null && v.amountRequested !== null && v.amountRequested > max)
    errors.amountRequested = { key: "funding.error.requestAboveMax", params: { amount: max } };
  if (v.amountAwarded !== null) {
    if (v.amountRequested !== null && v.amountAwarded > v.amountRequested)
      errors.amountAwarded = { key: "funding.error.awardedAboveRequest", params: { amount: v.amountRequested } };
    else if (max !== null && v.amountAwarded > max) errors.amountAwarded = { key: "funding.error.awardedAboveMax", params: { amount: max } };
  }
  return errors;
}

const hasErrors = (e: FieldErrors) => Object.keys(e).length > 0;

interface ResolvedProgramme {
  programme: Programme | null;
  programmeText: string | null;
  callId: string | null;
  deadline: string | null;
}

/** Programme, call and deadline of a new or re-attached application; a deadline in the past is refused. */
async function resolveProgramme(
  tx: Tx,
  input: { programmeId?: string | null; programmeText?: string | null; callId?: string | null; deadline?: string | null },
  today: string,
): Promise<{ ok: true; value: ResolvedProgramme } | { ok: false; errors: FieldErrors }> {
  let programme: Programme | null = null;
  if (input.programmeId) {
    [programme] = await tx.select().from(programmes).where(eq(programmes.id, input.programmeId)).limit(1);
    if (!programme) return { ok: false, errors: { programmeId: { key: "error.choice" } } };
    if (!programme.active) return { ok: false, errors: { programmeId: { key: "funding.error.programmeInactive" } } };
  } else if (input.programmeText) {
    programme = await findProgrammeByName(input.programmeText, tx);
  } else {
    return { ok: false, errors: { programmeId: { key: "funding.error.programmeRequired" } } };
  }
  let deadline = input.deadline ?? null;
  let callId: string | null = null;
  if (input.callId) {
    const [call] = programme
      ? await tx.select().from(programmeCalls).where(and(eq(programmeCalls.id, input.callId), eq(programmeCalls.programmeId, programme.id))).limit(1)
      : [];
    if (!call) return { ok: false, errors: { callId: { key: "error.choice" } } };
    if (call.deadline < today) return { ok: false, errors: { callId: { key: "funding.error.deadlinePast" } } };
    callId = call.id;
    deadline = call.deadline;
  } else if (deadline && deadline < today) {
    return { ok: false, errors: { deadline: { key: "funding.error.deadlinePast" } } };
  }
  return { ok: true, value: { programme, programmeText: programme ? null : (input.programmeText ?? null), callId, deadline } };
}

// ------------------------------------------------------------------ creation

export interface NewApplicationCore {
  title: string;
  summary?: string | null;
  leadClusterId: string;
  /** The consortium besides the lead (duplicates and the lead are ignored). */
  members: { clusterId: string; role?: string | null }[];
  leadRole?: string | null;
  stage: "idea" | "consortium_formed";
  amountRequested?: number | null;
  cofinancingPublic?: number | null;
  cofinancingClusters?: number | null;
  cofinancingFirms?: number | null;
  sourceMatchId?: string | null;
}

async function insertApplication(tx: Tx, actor: Actor, core: NewApplicationCore, resolved: ResolvedProgramme, now: Date): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const memberIds = [...new Set([core.leadClusterId, ...core.members.map((m) => m.clusterId)])];
  const found = await tx.select({ id: clusters.id }).from(clusters).where(inArray(clusters.id, memberIds));
  if (!found.some((c) => c.id === core.leadClusterId)) return { ok: false, errors: { leadClusterId: { key: "error.choice" } } };
  if (found.length !== memberIds.length) return { ok: false, errors: { clusterIds: { key: "error.choice" } } };
  if (core.stage === "consortium_formed" && memberIds.length < 2) return { ok: false, errors: { clusterIds: { key: "funding.error.consortiumTooSmall" } } };
  const amountErrors = amountRules({ amountRequested: core.amountRequested ?? null, amountAwarded: null }, resolved.programme);
  if (hasErrors(amountErrors)) return { ok: false, errors: amountErrors };

  const [app] = await tx
    .insert(jointApplications)
    .values({
      programmeId: resolved.programme?.id ?? null,
      programmeText: resolved.programmeText,
      callId: resolved.callId,
      deadline: resolved.deadline,
      title: core.title,
      summary: core.summary ?? "",
      leadClusterId: core.leadClusterId,
      amountRequested: core.amountRequested ?? null,
      cofinancingPublic: core.cofinancingPublic ?? null,
      cofinancingClusters: core.cofinancingClusters ?? null,
      cofinancingFirms: core.cofinancingFirms ?? null,
      stage: core.stage,
      stageChangedAt: now,
      sourceMatchId: core.sourceMatchId ?? null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const roles = new Map(core.members.map((m) => [m.clusterId, m.role ?? ""]));
  await tx.insert(applicationMembers).values(
    memberIds.map((clusterId) => ({ applicationId: app.id, clusterId, role: (clusterId === core.leadClusterId ? core.leadRole : roles.get(clusterId)) ?? "", addedAt: now })),
  );
  await tx.insert(applicationStageChanges).values({ applicationId: app.id, fromStage: null, toStage: core.stage, at: now, byUserId: actor.id });
  await audit(tx, { actorId: actor.id, action: "application.create", entity: "joint_application", entityId: app.id, after: { ...app, members: memberIds } });
  await notifyConsortium(tx, memberIds, actor.id, "funding.created", () => ({ title: app.title }), applicationLink(app.id));
  return { ok: true, id: app.id };
}

/** By hand: the coordination names the consortium (clusters, or the joint-grant needs they posted). */
export async function createApplication(actor: Actor, input: CreateApplicationInput, now: Date = new Date()): Promise<WriteResult> {
  if (!can(actor, "funding:manage")) return forbiddenResult;
  return getDb().transaction(async (tx) => {
    const fromPostings = await postingsOf(tx, input.postingIds);
    if (fromPostings.length !== new Set(input.postingIds).size) return invalidResult({ postingIds: { key: "error.choice" } });
    const today = todayIso(now);
    const resolved = await resolveProgramme(
      tx,
      {
        programmeId: input.programmeId,
        programmeText: input.programmeText ?? (input.programmeId ? null : fromPostings.find((p) => p.programme)?.programme ?? null),
        callId: input.callId,
        deadline: input.deadline ?? (input.callId ? null : earliestFuture(fromPostings.map((p) => p.deadline), today)),
      },
      today,
    );
    if (!resolved.ok) return invalidResult(resolved.errors);
    const members = [...input.clusterIds.map((clusterId) => ({ clusterId })), ...fromPostings.map((p) => ({ clusterId: p.clusterId }))];
    const result = await insertApplication(
      tx,
      actor,
      {
        title: input.title,
        summary: input.summary,
        leadClusterId: input.leadClusterId,
        members,
        stage: input.stage,
        amountRequested: input.amountRequested,
        cofinancingPublic: input.cofinancingPublic,
        cofinancingClusters: input.cofinancingClusters,
        cofinancingFirms: input.cofinancingFirms,
      },
      resolved.value,
      now,
    );
    if (!result.ok) return invalidResult(result.errors);
    return result;
  });
}

async function postingsOf(tx: Tx, ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(isUuid);
  if (!unique.length) return [];
  return tx.select({ id: postings.id, clusterId: postings.clusterId, programme: postings.programme, deadline: postings.deadline }).from(postings).where(inArray(postings.id, unique));
}

function earliestFuture(dates: (string | null)[], today: string): string | null {
  return dates.filter((d): d is string => !!d && d >= today).sort()[0] ?? null;
}

export interface PoolApplicationInput {
  actor: Actor;
  /** The pool's postings (their clusters form the consortium), and/or clusters directly. */
  postingIds?: string[];
  clusterIds?: string[];
  /** A listed programme (id, optionally a call) or the programme's name as the postings give it. Defaults to the postings'. */
  programme?: { programmeId: string; callId?: string } | { text: string } | null;
  title: string;
  leadClusterId: string;
  /** The approved pool (match) it comes from: one application per pool. */
  sourceMatchId?: string | null;
  deadline?: string | null;
  amountRequested?: number | null;
  now?: Date;
}

/**
 * One step from an approved joint-grant pool to an application at "consortium formed": the pool's
 * clusters are the consortium, the programme and deadline come from the postings unless given.
 * Idempotent per `sourceMatchId`: a second call returns the existing application (`existing: true`).
 */
export async function createApplicationFromPool(input: PoolApplicationInput): Promise<WriteResult<{ id: string; existing: boolean }>> {
  const { actor } = input;
  const now = input.now ?? new Date();
  if (!can(actor, "funding:manage")) return forbiddenResult;
  const title = input.title.trim();
  if (!title || title.length > 200) return invalidResult({ title: { key: title ? "error.tooLong" : "error.required", params: { max: 200 } } });
  if (input.sourceMatchId && !isUuid(input.sourceMatchId)) return invalidResult({ sourceMatchId: { key: "error.invalid" } });
  const existing = async () => {
    if (!input.sourceMatchId) return null;
    const [row] = await getDb().select({ id: jointApplications.id }).from(jointApplications).where(eq(jointApplications.sourceMatchId, input.sourceMatchId)).limit(1);
    return row ? { ok: true as const, id: row.id, existing: true } : null;
  };
  const already = await existing();
  if (already) return already;
  try {
    return await getDb().transaction(async (tx) => {
      const fromPostings = await postingsOf(tx, input.postingIds ?? []);
      if (fromPostings.length !== new Set(input.postingIds ?? []).size) return invalidResult({ postingIds: { key: "error.choice" } });
      const clusterIds = [...new Set([...(input.clusterIds ?? []), ...fromPostings.map((p) => p.clusterId)])];
      if (!clusterIds.includes(input.leadClusterId)) return invalidResult({ leadClusterId: { key: "funding.error.leadNotInConsortium" } });
      const today = todayIso(now);
      const p = input.programme;
      const resolved = await resolveProgramme(
        tx,
        {
          programmeId: p && "programmeId" in p ? p.programmeId : null,
          callId: p && "programmeId" in p ? (p.callId ?? null) : null,
          programmeText: p && "text" in p ? p.text : p ? null : (fromPostings.find((x) => x.programme)?.programme ?? null),
          deadline: input.deadline ?? earliestFuture(fromPostings.map((x) => x.deadline), today),
        },
        today,
      );
      if (!resolved.ok) return invalidResult(resolved.errors);
      const result = await insertApplication(
        tx,
        actor,
        { title, leadClusterId: input.leadClusterId, members: clusterIds.map((clusterId) => ({ clusterId })), stage: "consortium_formed", amountRequested: input.amountRequested, sourceMatchId: input.sourceMatchId },
        resolved.value,
        now,
      );
      if (!result.ok) return invalidResult(result.errors);
      return { ok: true as const, id: result.id, existing: false };
    });
  } catch (e) {
    // Two calls for the same pool at once: the unique index lets one win; the other returns it.
    const again = await existing();
    if (again) return again;
    throw e;
  }
}

// ------------------------------------------------------------------ changes

async function lockApplication(tx: Tx, id: string): Promise<JointApplication | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select().from(jointApplications).where(eq(jointApplications.id, id)).for("update");
  return row ?? null;
}

async function memberIdsOf(tx: Tx, id: string): Promise<string[]> {
  return (await tx.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, id))).map((m) => m.clusterId);
}

async function programmeOf(tx: Tx, app: Pick<JointApplication, "programmeId">): Promise<Programme | null> {
  if (!app.programmeId) return null;
  const [p] = await tx.select().from(programmes).where(eq(programmes.id, app.programmeId)).limit(1);
  return p ?? null;
}

const MOVE_ERRORS: Record<"same_stage" | "not_allowed" | "note_required", { field: string; key: MessageKey }> = {
  same_stage: { field: "to", key: "funding.error.sameStage" },
  not_allowed: { field: "to", key: "funding.error.moveNotAllowed" },
  note_required: { field: "note", key: "funding.error.noteRequired" },
};

/** Move an application to another stage (the lead cluster and the coordination). */
export async function moveStage(actor: Actor, id: string, input: MoveInput, now: Date = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    if (app.version !== input.version) return conflictResult;
    const check = checkTransition(app.stage, input.to, input.note);
    if (!check.ok) {
      const e = MOVE_ERRORS[check.reason];
      return invalidResult({ [e.field]: { key: e.key } });
    }
    const members = await memberIdsOf(tx, id);
    const programme = await programmeOf(tx, app);
    const errors: FieldErrors = {};
    let amountAwarded = app.amountAwarded;
    if (check.kind === "forward") {
      if (input.to === "consortium_formed" && members.length < 2) errors.to = { key: "funding.error.consortiumTooSmall" };
      if (input.to === "submitted") {
        const min = programme?.minPartners ?? DEFAULT_MIN_PARTNERS;
        if (members.length < min) errors.to = { key: "funding.error.tooFewPartners", params: { min, count: members.length } };
        else if (!app.amountRequested) errors.to = { key: "funding.error.requestedRequired" };
      }
    }
    if (input.to === "awarded") {
      // Forward from review: the amount is typed in; back from "closed": the recorded one stays unless retyped.
      const amount = input.amountAwarded ?? app.amountAwarded ?? undefined;
      if (amount === undefined) errors.amountAwarded = { key: "funding.error.awardedRequired" };
      else {
        Object.assign(errors, amountRules({ amountRequested: app.amountRequested, amountAwarded: amount }, programme));
        amountAwarded = amount;
      }
    }
    if (input.to !== "awarded" && input.amountAwarded !== undefined && !(input.to === "closed" && app.stage === "awarded"))
      errors.amountAwarded = { key: "funding.error.awardedOnlyWhenAwarded" };
    if (hasErrors(errors)) return invalidResult(errors);
    // An award is kept when the application closes; any other move (declined, backward) clears it.
    if (input.to !== "awarded" && !(input.to === "closed" && app.stage === "awarded")) amountAwarded = null;

    const [after] = await tx
      .update(jointApplications)
      .set({ stage: input.to, stageChangedAt: now, amountAwarded, version: app.version + 1, updatedAt: now })
      .where(eq(jointApplications.id, id))
      .returning();
    await tx.insert(applicationStageChanges).values({ applicationId: id, fromStage: app.stage, toStage: input.to, at: now, byUserId: actor.id, note: input.note?.trim() || null });
    await audit(tx, {
      actorId: actor.id,
      action: "application.stage",
      entity: "joint_application",
      entityId: id,
      before: { stage: app.stage, amountAwarded: app.amountAwarded },
      after: { stage: after.stage, amountAwarded: after.amountAwarded, note: input.note ?? null, kind: check.kind },
    });
    await notifyConsortium(tx, members, actor.id, "funding.stage", (t) => ({ title: app.title, stage: t(`funding.stage.${input.to}`) }), applicationLink(id));
    return { ok: true as const, id };
  });
}

/** Title, summary, deadline and amounts (the lead cluster and the coordination). */
export async function updateApplication(actor: Actor, id: string, input: UpdateApplicationInput, now: Date = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    if (app.version !== input.version) return conflictResult;
    const programme = await programmeOf(tx, app);
    const errors: FieldErrors = {};
    const deadline = input.deadline ?? null;
    if (deadline && deadline !== app.deadline && deadline < todayIso(now)) errors.deadline = { key: "funding.error.deadlinePast" };
    const filed = STAGE_RANK[app.stage] >= STAGE_RANK.submitted && app.stage !== "closed";
    if (filed && input.amountRequested === undefined) errors.amountRequested = { key: "funding.error.requestedRequired" };
    const awardOpen = app.stage === "awarded" || (app.stage === "closed" && app.amountAwarded !== null);
    let amountAwarded: number | null = app.amountAwarded;
    if (awardOpen) {
      if (input.amountAwarded === undefined) errors.amountAwarded = { key: "funding.error.awardedRequired" };
      else amountAwarded = input.amountAwarded;
    } else if (input.amountAwarded !== undefined) errors.amountAwarded = { key: "funding.error.awardedOnlyWhenAwarded" };
    const amounts = { amountRequested: input.amountRequested ?? null, amountAwarded };
    for (const [k, v] of Object.entries(amountRules(amounts, programme))) errors[k] ??= v;
    if (hasErrors(errors)) return invalidResult(errors);
    const changes = {
      title: input.title,
      summary: input.summary ?? "",
      deadline,
      amountRequested: amounts.amountRequested,
      amountAwarded,
      cofinancingPublic: input.cofinancingPublic ?? null,
      cofinancingClusters: input.cofinancingClusters ?? null,
      cofinancingFirms: input.cofinancingFirms ?? null,
    };
    await tx.update(jointApplications).set({ ...changes, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.update", entity: "joint_application", entityId: id, before: pick(app, Object.keys(changes)), after: changes });
    return { ok: true as const, id };
  });
}

function pick<T extends object>(o: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}

/** Attach a listed programme (and call) to an application that named an unlisted one, or change it (coordination). */
export async function attachProgramme(actor: Actor, id: string, input: { version: number; programmeId: string; callId?: string }, now: Date = new Date()): Promise<WriteResult> {
  if (!can(actor, "funding:manage")) return forbiddenResult;
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (app.version !== input.version) return conflictResult;
    const resolved = await resolveProgramme(tx, { programmeId: input.programmeId, callId: input.callId ?? null, deadline: null }, todayIso(now));
    if (!resolved.ok) return invalidResult(resolved.errors);
    const amountErrors = amountRules(app, resolved.value.programme);
    if (hasErrors(amountErrors)) return invalidResult({ programmeId: Object.values(amountErrors)[0] });
    const changes = {
      programmeId: resolved.value.programme!.id,
      callId: resolved.value.callId,
      deadline: resolved.value.deadline ?? app.deadline,
    };
    await tx.update(jointApplications).set({ ...changes, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.programme", entity: "joint_application", entityId: id, before: { programmeId: app.programmeId, programmeText: app.programmeText, callId: app.callId, deadline: app.deadline }, after: changes });
    return { ok: true as const, id };
  });
}

/** Add a cluster to the consortium, or change its role. */
export async function setMember(actor: Actor, id: string, input: { clusterId: string; role?: string }, now: Date = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    const [cluster] = await tx.select({ id: clusters.id }).from(clusters).where(eq(clusters.id, input.clusterId)).limit(1);
    if (!cluster) return invalidResult({ clusterId: { key: "error.choice" } });
    const role = input.role?.trim() ?? "";
    const [before] = await tx.select().from(applicationMembers).where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.clusterId, input.clusterId)));
    await tx
      .insert(applicationMembers)
      .values({ applicationId: id, clusterId: input.clusterId, role, addedAt: now })
      .onConflictDoUpdate({ target: [applicationMembers.applicationId, applicationMembers.clusterId], set: { role } });
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: before ? "application.member.role" : "application.member.add", entity: "joint_application", entityId: id, before: before ?? null, after: { clusterId: input.clusterId, role } });
    if (!before) await notifyConsortium(tx, [input.clusterId], actor.id, "funding.created", () => ({ title: app.title }), applicationLink(id));
    return { ok: true as const, id };
  });
}

export async function removeMember(actor: Actor, id: string, clusterId: string, now: Date = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    if (clusterId === app.leadClusterId) return invalidResult({ clusterId: { key: "funding.error.cannotRemoveLead" } });
    const members = await memberIdsOf(tx, id);
    if (!members.includes(clusterId)) return invalidResult({ clusterId: { key: "error.choice" } });
    const filed = STAGE_RANK[app.stage] >= STAGE_RANK.submitted && app.stage !== "closed";
    const min = (await programmeOf(tx, app))?.minPartners ?? DEFAULT_MIN_PARTNERS;
    if (filed && members.length - 1 < min) return invalidResult({ clusterId: { key: "funding.error.tooFewPartners", params: { min, count: members.length - 1 } } });
    await tx.delete(applicationMembers).where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.clusterId, clusterId)));
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.member.remove", entity: "joint_application", entityId: id, before: { clusterId } });
    return { ok: true as const, id };
  });
}

/** Consortium members and the coordination comment. */
export async function addComment(actor: Actor, id: string, body: string, now: Date = new Date()): Promise<WriteResult<{ id: number }>> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    const members = await memberIdsOf(tx, id);
    if (!can(actor, "funding:application:view", { clusterIds: [app.leadClusterId, ...members] })) return forbiddenResult;
    const [row] = await tx.insert(applicationComments).values({ applicationId: id, authorId: actor.id, body, createdAt: now }).returning({ id: applicationComments.id });
    await audit(tx, { actorId: actor.id, action: "application.comment", entity: "joint_application", entityId: id, after: { commentId: row.id } });
    const author = (await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)))[0]?.name ?? "";
    await notifyConsortium(tx, members, actor.id, "funding.comment", () => ({ title: app.title, name: author }), applicationLink(id));
    return { ok: true as const, id: row.id };
  });
}

export async function addDocument(actor: Actor, id: string, input: { label: string; url: string }, now: Date = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    const [row] = await tx.insert(applicationDocuments).values({ applicationId: id, label: input.label, url: input.url, addedBy: actor.id, createdAt: now }).returning();
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.document.add", entity: "joint_application", entityId: id, after: row });
    return { ok: true as const, id: row.id };
  });
}

export async function removeDocument(actor: Actor, id: string, documentId: string): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (!can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    if (!isUuid(documentId)) return notFoundResult;
    const [before] = await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.id, documentId), eq(applicationDocuments.applicationId, id))).returning();
    if (!before) return notFoundResult;
    await audit(tx, { actorId: actor.id, action: "application.document.remove", entity: "joint_application", entityId: id, before });
    return { ok: true as const, id: documentId };
  });
}
