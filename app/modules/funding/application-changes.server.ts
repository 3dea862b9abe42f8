/**
 * Changes to a joint application by its consortium and the coordination: stage moves through the
 * stage machine (never into or out of a decision: that is the funder's, application-decisions.server.ts),
 * amounts, the programme, the consortium, comments and document links. Each goes through
 * changeApplication (lock, permission, version) and records the change (stage history, audit log) and
 * the notifications it causes; once the application is filed, its funder hears of its moves too.
 */
import { and, eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { applicationComments, applicationDocuments, applicationMembers, applicationStageChanges, clusters, jointApplications, users, type ApplicationStage, type CommentAudience, type JointApplication } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import type { MessageKey } from "~/modules/i18n";
import { fieldResult, invalidResult, notFoundResult, ok, type FieldErrors, type Result } from "~/modules/result";
import { DEFAULT_MIN_PARTNERS } from "./application-access.server";
import {
  amountRules,
  applicationLink,
  changeApplication,
  closedFromOf,
  funderApplicationLink,
  funderUsers,
  hasErrors,
  memberIdsOf,
  notifyConsortium,
  programmeOf,
  resolveProgramme,
  tell,
} from "./application-rules.server";
import { todayIso } from "./metrics";
import { checkTransition, STAGE_RANK, type MoveRefusal } from "./stages";
import type { MoveInput, UpdateApplicationInput } from "./validation";
import { isUuid } from "~/modules/validation/input";

const MOVE_ERRORS: Record<MoveRefusal, { field: string; key: MessageKey }> = {
  same_stage: { field: "to", key: "funding.error.sameStage" },
  not_allowed: { field: "to", key: "funding.error.moveNotAllowed" },
  note_required: { field: "note", key: "funding.error.noteRequired" },
  funder_decides: { field: "to", key: "funding.error.funderDecides" },
};

/** Has the funder had this application in hand (now, or before it was closed)? Then it hears of its moves. */
const filedMove = (from: ApplicationStage, to: ApplicationStage, closedFrom: ApplicationStage | null) =>
  to === "submitted" || (from !== "closed" && STAGE_RANK[from] >= STAGE_RANK.submitted) || (from === "closed" && !!closedFrom && STAGE_RANK[closedFrom] >= STAGE_RANK.submitted);

/** Tell the programme's funder (in-app and by email) that the application moved. */
export async function tellFunderOfMove(tx: Tx, app: Pick<JointApplication, "id" | "title">, funderId: string | null, except: string | null, to: ApplicationStage) {
  const submitted = to === "submitted";
  await tell(tx, await funderUsers(tx, funderId), except, {
    kind: submitted ? "funding.funderSubmitted" : "funding.funderStage",
    payload: (t) => ({ title: app.title, stage: t(`funding.stage.${to}`) }),
    link: funderApplicationLink(app.id),
    mail: submitted ? { subject: "funding.mail.submitted.subject", body: "funding.mail.submitted.body" } : { subject: "funding.mail.stage.subject", body: "funding.mail.stage.body" },
  });
}

/** Move an application to another stage (the lead cluster and the coordination). */
export async function moveStage(actor: Actor, id: string, input: MoveInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit", version: input.version }, async (tx, app, { funderId }) => {
    const closedFrom = app.stage === "closed" ? await closedFromOf(tx, id) : null;
    const check = checkTransition(app.stage, input.to, input.note, closedFrom);
    if (!check.ok) {
      const e = MOVE_ERRORS[check.reason];
      return fieldResult(e.field, e.key);
    }
    const members = await memberIdsOf(tx, id);
    const programme = await programmeOf(tx, app);
    if (check.kind === "forward") {
      if (input.to === "consortium_formed" && members.length < 2) return fieldResult("to", "funding.error.consortiumTooSmall");
      if (input.to === "submitted") {
        const min = programme?.minPartners ?? DEFAULT_MIN_PARTNERS;
        if (members.length < min) return fieldResult("to", "funding.error.tooFewPartners", { min, count: members.length });
        if (!app.amountRequested) return fieldResult("to", "funding.error.requestedRequired");
      }
    }
    const [after] = await tx.update(jointApplications).set({ stage: input.to, stageChangedAt: now, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id)).returning();
    await tx.insert(applicationStageChanges).values({ applicationId: id, fromStage: app.stage, toStage: input.to, at: now, byUserId: actor.id, note: input.note?.trim() || null });
    await audit(tx, {
      actorId: actor.id,
      action: "application.stage",
      entity: "joint_application",
      entityId: id,
      before: { stage: app.stage },
      after: { stage: after.stage, note: input.note ?? null, kind: check.kind },
    });
    await notifyConsortium(tx, members, actor.id, "funding.stage", (t) => ({ title: app.title, stage: t(`funding.stage.${input.to}`) }), applicationLink(id));
    if (filedMove(app.stage, input.to, closedFrom)) await tellFunderOfMove(tx, app, funderId, actor.id, input.to);
    return ok({ id });
  });
}

/**
 * Title, summary, deadline and the amounts requested (the lead cluster and the coordination). The
 * amount awarded is the funder's: it is never edited here, and the request cannot go below it.
 */
export async function updateApplication(actor: Actor, id: string, input: UpdateApplicationInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit", version: input.version }, async (tx, app) => {
    const programme = await programmeOf(tx, app);
    const errors: FieldErrors = {};
    const deadline = input.deadline ?? null;
    if (deadline && deadline !== app.deadline && deadline < todayIso(now)) errors.deadline = { key: "funding.error.deadlinePast" };
    const filed = STAGE_RANK[app.stage] >= STAGE_RANK.submitted && app.stage !== "closed";
    if (filed && input.amountRequested === undefined) errors.amountRequested = { key: "funding.error.requestedRequired" };
    const amountRequested = input.amountRequested ?? null;
    for (const [k, v] of Object.entries(amountRules({ amountRequested, amountAwarded: null }, programme))) errors[k] ??= v;
    if (app.amountAwarded !== null && amountRequested !== null && amountRequested < app.amountAwarded)
      errors.amountRequested ??= { key: "funding.error.requestBelowAward", params: { amount: app.amountAwarded } };
    if (hasErrors(errors)) return invalidResult(errors);
    const changes = {
      title: input.title,
      summary: input.summary ?? "",
      deadline,
      amountRequested,
      cofinancingPublic: input.cofinancingPublic ?? null,
      cofinancingClusters: input.cofinancingClusters ?? null,
      cofinancingFirms: input.cofinancingFirms ?? null,
    };
    await tx.update(jointApplications).set({ ...changes, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.update", entity: "joint_application", entityId: id, before: pick(app, Object.keys(changes)), after: changes });
    return ok({ id });
  });
}

function pick<T extends object>(o: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}

/** Attach a listed programme (and call) to an application that named an unlisted one, or change it (coordination). */
export async function attachProgramme(actor: Actor, id: string, input: { version: number; programmeId: string; callId?: string }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "manage", version: input.version }, async (tx, app) => {
    const resolved = await resolveProgramme(tx, { programmeId: input.programmeId, callId: input.callId ?? null, deadline: null }, todayIso(now));
    if (!resolved.ok) return invalidResult(resolved.errors);
    const amountErrors = amountRules(app, resolved.value.programme);
    if (hasErrors(amountErrors)) return invalidResult({ programmeId: Object.values(amountErrors)[0] });
    // Moving a decided application to another funder would hand the decision to someone else.
    if (app.programmeId && app.programmeId !== input.programmeId && STAGE_RANK[app.stage] >= STAGE_RANK.submitted) return fieldResult("programmeId", "funding.error.programmeLockedFiled");
    const changes = {
      programmeId: resolved.value.programme!.id,
      callId: resolved.value.callId,
      deadline: resolved.value.deadline ?? app.deadline,
    };
    await tx.update(jointApplications).set({ ...changes, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.programme", entity: "joint_application", entityId: id, before: { programmeId: app.programmeId, programmeText: app.programmeText, callId: app.callId, deadline: app.deadline }, after: changes });
    return ok({ id });
  });
}

/** Add a cluster to the consortium, or change its role. */
export async function setMember(actor: Actor, id: string, input: { clusterId: string; role?: string }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
    const [cluster] = await tx.select({ id: clusters.id }).from(clusters).where(eq(clusters.id, input.clusterId)).limit(1);
    if (!cluster) return fieldResult("clusterId", "error.choice");
    const role = input.role?.trim() ?? "";
    const [before] = await tx.select().from(applicationMembers).where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.clusterId, input.clusterId)));
    await tx
      .insert(applicationMembers)
      .values({ applicationId: id, clusterId: input.clusterId, role, addedAt: now })
      .onConflictDoUpdate({ target: [applicationMembers.applicationId, applicationMembers.clusterId], set: { role } });
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: before ? "application.member.role" : "application.member.add", entity: "joint_application", entityId: id, before: before ?? null, after: { clusterId: input.clusterId, role } });
    if (!before) await notifyConsortium(tx, [input.clusterId], actor.id, "funding.created", () => ({ title: app.title }), applicationLink(id));
    return ok({ id });
  });
}

export async function removeMember(actor: Actor, id: string, clusterId: string, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
    if (clusterId === app.leadClusterId) return fieldResult("clusterId", "funding.error.cannotRemoveLead");
    const members = await memberIdsOf(tx, id);
    if (!members.includes(clusterId)) return fieldResult("clusterId", "error.choice");
    const filed = STAGE_RANK[app.stage] >= STAGE_RANK.submitted && app.stage !== "closed";
    const min = (await programmeOf(tx, app))?.minPartners ?? DEFAULT_MIN_PARTNERS;
    if (filed && members.length - 1 < min) return fieldResult("clusterId", "funding.error.tooFewPartners", { min, count: members.length - 1 });
    await tx.delete(applicationMembers).where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.clusterId, clusterId)));
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.member.remove", entity: "joint_application", entityId: id, before: { clusterId } });
    return ok({ id });
  });
}

/**
 * A comment of the consortium's people or the coordination: in the consortium's own thread, or in the
 * exchange with the funder (`audience: "funder"`: the programme's funder reads it and is told).
 */
export async function addComment(actor: Actor, id: string, body: string, now: Date = new Date(), audience: CommentAudience = "consortium"): Promise<Result<{ id: number }>> {
  return changeApplication<{ id: number }>(actor, id, { access: "view" }, async (tx, app, { funderId }) => {
    if (audience === "funder" && !funderId) return fieldResult("body", "funding.error.noFunder");
    const members = await memberIdsOf(tx, id);
    const [row] = await tx.insert(applicationComments).values({ applicationId: id, authorId: actor.id, body, audience, createdAt: now }).returning({ id: applicationComments.id });
    await audit(tx, { actorId: actor.id, action: "application.comment", entity: "joint_application", entityId: id, after: { commentId: row.id, audience } });
    const author = (await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)))[0]?.name ?? "";
    await notifyConsortium(tx, members, actor.id, "funding.comment", () => ({ title: app.title, name: author }), applicationLink(id));
    if (audience === "funder")
      await tell(tx, await funderUsers(tx, funderId), actor.id, {
        kind: "funding.funderComment",
        payload: () => ({ title: app.title, author }),
        link: funderApplicationLink(id),
        mail: { subject: "funding.mail.comment.subject", body: "funding.mail.comment.body" },
      });
    return ok({ id: row.id });
  });
}

export async function addDocument(actor: Actor, id: string, input: { label: string; url: string }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
    const [row] = await tx.insert(applicationDocuments).values({ applicationId: id, label: input.label, url: input.url, addedBy: actor.id, createdAt: now }).returning();
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.document.add", entity: "joint_application", entityId: id, after: row });
    return ok({ id: row.id });
  });
}

export async function removeDocument(actor: Actor, id: string, documentId: string): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "edit" }, async (tx) => {
    if (!isUuid(documentId)) return notFoundResult();
    const [before] = await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.id, documentId), eq(applicationDocuments.applicationId, id))).returning();
    if (!before) return notFoundResult();
    await audit(tx, { actorId: actor.id, action: "application.document.remove", entity: "joint_application", entityId: id, before });
    return ok({ id: documentId });
  });
}
