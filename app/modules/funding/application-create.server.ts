/** Creating joint applications: by hand, or in one step from an approved joint-grant pool. */
import { eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, applicationStageChanges, clusters, jointApplications, postings } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, type Actor } from "~/modules/auth/permissions";
import type { FieldErrors } from "~/modules/validation/form.server";
import { isUuid } from "./application-access.server";
import { amountRules, applicationLink, hasErrors, notifyConsortium, resolveProgramme, type ResolvedProgramme } from "./application-rules.server";
import { todayIso } from "./metrics";
import { forbiddenResult, invalidResult, type WriteResult } from "./programmes.server";
import type { CreateApplicationInput } from "./validation";

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
