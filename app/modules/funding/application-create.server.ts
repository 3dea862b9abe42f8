/**
 * Creating joint applications: by hand (optionally from a pooled joint-grant match, whose id is kept
 * as the application's origin), or in one step from an approved joint-grant pool.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, applicationStageChanges, clusters, jointApplications, matches, matchMembers, postings } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, type Actor } from "~/modules/auth/permissions";
import { conflictResult, fieldResult, forbiddenResult, invalidResult, notFoundResult, ok, refusedResult, type FieldErrors, type Result } from "~/modules/result";
import { amountRules, applicationLink, hasErrors, notifyConsortium, resolveProgramme, type ResolvedProgramme } from "./application-rules.server";
import { todayIso } from "./metrics";
import { findProgrammeByName, openCallsOf } from "./programmes.server";
import type { CreateApplicationInput } from "./validation";
import { isUuid } from "~/modules/validation/input";

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

async function insertApplication(tx: Tx, actor: Actor, core: NewApplicationCore, resolved: ResolvedProgramme, now: Date): Promise<Result<{ id: string }>> {
  const memberIds = [...new Set([core.leadClusterId, ...core.members.map((m) => m.clusterId)])];
  const found = await tx.select({ id: clusters.id }).from(clusters).where(inArray(clusters.id, memberIds));
  if (!found.some((c) => c.id === core.leadClusterId)) return fieldResult("leadClusterId", "error.choice");
  if (found.length !== memberIds.length) return fieldResult("clusterIds", "error.choice");
  if (core.stage === "consortium_formed" && memberIds.length < 2) return fieldResult("clusterIds", "funding.error.consortiumTooSmall");
  const amountErrors = amountRules({ amountRequested: core.amountRequested ?? null, amountAwarded: null }, resolved.programme);
  if (hasErrors(amountErrors)) return invalidResult(amountErrors);

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
    .onConflictDoNothing()
    .returning();
  // Only the origin match is unique: another application was just made from it.
  if (!app) return alreadyMade(tx, core.sourceMatchId ?? null);
  const roles = new Map(core.members.map((m) => [m.clusterId, m.role ?? ""]));
  await tx.insert(applicationMembers).values(
    memberIds.map((clusterId) => ({ applicationId: app.id, clusterId, role: (clusterId === core.leadClusterId ? core.leadRole : roles.get(clusterId)) ?? "", addedAt: now })),
  );
  await tx.insert(applicationStageChanges).values({ applicationId: app.id, fromStage: null, toStage: core.stage, at: now, byUserId: actor.id });
  await audit(tx, { actorId: actor.id, action: "application.create", entity: "joint_application", entityId: app.id, after: { ...app, members: memberIds } });
  await notifyConsortium(tx, memberIds, actor.id, "funding.created", () => ({ title: app.title }), applicationLink(app.id));
  return ok({ id: app.id });
}

async function alreadyMade(db: Tx, matchId: string | null): Promise<Result<{ id: string }>> {
  const existing = matchId ? await applicationForMatch(matchId, db) : null;
  return conflictResult("funding.error.matchAlreadyApplied", {}, { applicationId: existing?.id ?? null });
}

/** By hand: the coordination names the consortium (clusters, or the joint-grant needs they posted), possibly from a pooled match. */
export async function createApplication(actor: Actor, input: CreateApplicationInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  return getDb().transaction(async (tx) => {
    if (input.sourceMatchId) {
      const pool = await jointGrantPool(tx, input.sourceMatchId);
      if (!pool.ok) return pool;
      if (await applicationForMatch(input.sourceMatchId, tx)) return alreadyMade(tx, input.sourceMatchId);
    }
    const fromPostings = await postingsOf(tx, input.postingIds);
    if (fromPostings.length !== new Set(input.postingIds).size) return fieldResult("postingIds", "error.choice");
    const today = todayIso(now);
    const resolved = await resolveProgramme(
      tx,
      {
        programmeId: input.programmeId,
        programmeText: input.programmeText ?? (input.programmeId ? null : (fromPostings.find((p) => p.programme)?.programme ?? null)),
        callId: input.callId,
        deadline: input.deadline ?? (input.callId ? null : earliestFuture(fromPostings.map((p) => p.deadline), today)),
      },
      today,
    );
    if (!resolved.ok) return invalidResult(resolved.errors);
    const members = [...input.clusterIds.map((clusterId) => ({ clusterId })), ...fromPostings.map((p) => ({ clusterId: p.clusterId }))];
    return insertApplication(
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
        sourceMatchId: input.sourceMatchId ?? null,
      },
      resolved.value,
      now,
    );
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

// ------------------------------------------------------------------ from a pooled joint-grant match

/** Matches that no longer stand cannot become an application. */
const GONE = new Set(["rejected", "withdrawn", "abandoned"]);

interface PoolPosting {
  id: string;
  title: string;
  description: string;
  clusterId: string;
  clusterName: string;
  category: string | null;
  programme: string | null;
  deadline: string | null;
  publishedAt: Date | null;
  createdAt: Date;
}

/** A pool of joint-grant needs that still stands, with its postings (oldest first); else why not. */
async function jointGrantPool(db: Tx, matchId: string): Promise<Result<{ status: string; postings: PoolPosting[] }>> {
  if (!isUuid(matchId)) return notFoundResult();
  const [match] = await db.select({ id: matches.id, type: matches.type, status: matches.status }).from(matches).where(eq(matches.id, matchId)).limit(1);
  if (!match) return notFoundResult();
  const rows = await db
    .select({
      id: postings.id,
      title: postings.title,
      description: postings.description,
      clusterId: postings.clusterId,
      clusterName: clusters.name,
      category: postings.category,
      programme: postings.programme,
      deadline: postings.deadline,
      publishedAt: postings.publishedAt,
      createdAt: postings.createdAt,
    })
    .from(matchMembers)
    .innerJoin(postings, eq(postings.id, matchMembers.postingId))
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(eq(matchMembers.matchId, matchId))
    .orderBy(asc(postings.publishedAt), asc(postings.createdAt));
  if (match.type !== "pool" || !rows.length || rows.some((r) => r.category !== "joint_grant")) return refusedResult("funding.error.matchNotJointGrant");
  if (GONE.has(match.status)) return refusedResult("funding.error.matchClosed");
  return ok({ status: match.status, postings: rows });
}

/** The application made from this match, if any (for the match's page: a link to it). */
export async function applicationForMatch(matchId: string, db: Tx = getDb()): Promise<{ id: string; title: string; stage: string } | null> {
  if (!isUuid(matchId)) return null;
  const [row] = await db.select({ id: jointApplications.id, title: jointApplications.title, stage: jointApplications.stage }).from(jointApplications).where(eq(jointApplications.sourceMatchId, matchId)).limit(1);
  return row ?? null;
}

export interface MatchPrefill {
  matchId: string;
  /** Already made from this match: the page links to it instead of making a second one. */
  existing: { id: string; title: string } | null;
  title: string;
  summary: string;
  programmeId: string | null;
  /** The programme as the postings name it, when it is not listed. */
  programmeText: string | null;
  callId: string | null;
  deadline: string | null;
  /** The cluster that posted first (it started the pool); the coordination may choose another. */
  leadClusterId: string;
  clusterIds: string[];
  postingIds: string[];
}

/**
 * What `/funding/new?fromMatch=<id>` starts from: the pool's postings (their clusters form the
 * consortium), the programme they name when it is listed (else its name as typed), the call whose
 * deadline the postings give (else none), the earliest deadline still to come, the first posting's
 * title and cluster as a suggested lead. Only for a pooled joint-grant match that still stands.
 */
export async function prefillFromMatch(actor: Actor, matchId: string, now: Date = new Date()): Promise<Result<MatchPrefill>> {
  if (!can(actor, "funding:manage")) return forbiddenResult();
  const db = getDb();
  const pool = await jointGrantPool(db, matchId);
  if (!pool.ok) return pool;
  const list = pool.value.postings;
  const existing = await applicationForMatch(matchId, db);
  const today = todayIso(now);
  let programme = null;
  for (const p of list) {
    if (!p.programme) continue;
    programme = await findProgrammeByName(p.programme, db);
    if (programme) break;
  }
  const deadline = earliestFuture(list.map((p) => p.deadline), today);
  const calls = programme ? await openCallsOf(programme.id, today, db) : [];
  const call = calls.find((c) => list.some((p) => p.deadline === c.deadline)) ?? null;
  return ok({
    matchId,
    existing: existing ? { id: existing.id, title: existing.title } : null,
    title: list[0].title,
    summary: list[0].description.slice(0, 4000),
    programmeId: programme?.id ?? null,
    programmeText: programme ? null : (list.find((p) => p.programme)?.programme ?? null),
    callId: call?.id ?? null,
    deadline: call ? null : deadline,
    leadClusterId: list[0].clusterId,
    clusterIds: [...new Set(list.map((p) => p.clusterId))],
    postingIds: list.map((p) => p.id),
  });
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
export async function createApplicationFromPool(input: PoolApplicationInput): Promise<Result<{ id: string; existing: boolean }>> {
  const { actor } = input;
  const now = input.now ?? new Date();
  if (!can(actor, "funding:manage")) return forbiddenResult();
  const title = input.title.trim();
  if (!title || title.length > 200) return fieldResult("title", title ? "error.tooLong" : "error.required", { max: 200 });
  if (input.sourceMatchId && !isUuid(input.sourceMatchId)) return fieldResult("sourceMatchId", "error.invalid");
  const existing = async () => {
    if (!input.sourceMatchId) return null;
    const row = await applicationForMatch(input.sourceMatchId);
    return row ? ok({ id: row.id, existing: true }) : null;
  };
  const already = await existing();
  if (already) return already;
  const result = await getDb().transaction(async (tx): Promise<Result<{ id: string; existing: boolean }>> => {
    const fromPostings = await postingsOf(tx, input.postingIds ?? []);
    if (fromPostings.length !== new Set(input.postingIds ?? []).size) return fieldResult("postingIds", "error.choice");
    const clusterIds = [...new Set([...(input.clusterIds ?? []), ...fromPostings.map((p) => p.clusterId)])];
    if (!clusterIds.includes(input.leadClusterId)) return fieldResult("leadClusterId", "funding.error.leadNotInConsortium");
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
    if (!resolved.ok) return invalidResult(resolved.errors as FieldErrors);
    const made = await insertApplication(
      tx,
      actor,
      { title, leadClusterId: input.leadClusterId, members: clusterIds.map((clusterId) => ({ clusterId })), stage: "consortium_formed", amountRequested: input.amountRequested, sourceMatchId: input.sourceMatchId },
      resolved.value,
      now,
    );
    return made.ok ? ok({ id: made.value.id, existing: false }) : made;
  });
  // Two calls for the same pool at once: the unique index let one win; the other returns it.
  if (!result.ok && result.reason === "conflict") return (await existing()) ?? result;
  return result;
}
