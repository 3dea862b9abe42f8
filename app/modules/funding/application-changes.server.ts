/**
 * Changes to a joint application: stage moves through the stage machine, amounts, the programme, the
 * consortium, comments and document links. Each goes through changeApplication (lock, permission,
 * version) and records the change (stage history, audit log) and the notifications it causes.
 */
import { and, eq } from "drizzle-orm";
import {
  applicationComments,
  applicationDocuments,
  applicationMembers,
  applicationStageChanges,
  clusters,
  jointApplications,
  users,
} from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import type { MessageKey } from "~/modules/i18n";
import type { FieldErrors } from "~/modules/validation/form.server";
import { DEFAULT_MIN_PARTNERS, isUuid } from "./application-access.server";
import { amountRules, applicationLink, changeApplication, hasErrors, memberIdsOf, notifyConsortium, programmeOf, resolveProgramme } from "./application-rules.server";
import { todayIso } from "./metrics";
import { invalidResult, notFoundResult, type WriteResult } from "./programmes.server";
import { checkTransition, STAGE_RANK } from "./stages";
import type { MoveInput, UpdateApplicationInput } from "./validation";

const MOVE_ERRORS: Record<"same_stage" | "not_allowed" | "note_required", { field: string; key: MessageKey }> = {
  same_stage: { field: "to", key: "funding.error.sameStage" },
  not_allowed: { field: "to", key: "funding.error.moveNotAllowed" },
  note_required: { field: "note", key: "funding.error.noteRequired" },
};

/** Move an application to another stage (the lead cluster and the coordination). */
export async function moveStage(actor: Actor, id: string, input: MoveInput, now: Date = new Date()): Promise<WriteResult> {
  return changeApplication(actor, id, { access: "edit", version: input.version }, async (tx, app) => {
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
  return changeApplication(actor, id, { access: "edit", version: input.version }, async (tx, app) => {
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
  return changeApplication(actor, id, { access: "manage", version: input.version }, async (tx, app) => {
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
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
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
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
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
  return changeApplication<{ id: number }>(actor, id, { access: "view" }, async (tx, app) => {
    const members = await memberIdsOf(tx, id);
    const [row] = await tx.insert(applicationComments).values({ applicationId: id, authorId: actor.id, body, createdAt: now }).returning({ id: applicationComments.id });
    await audit(tx, { actorId: actor.id, action: "application.comment", entity: "joint_application", entityId: id, after: { commentId: row.id } });
    const author = (await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)))[0]?.name ?? "";
    await notifyConsortium(tx, members, actor.id, "funding.comment", () => ({ title: app.title, name: author }), applicationLink(id));
    return { ok: true as const, id: row.id };
  });
}

export async function addDocument(actor: Actor, id: string, input: { label: string; url: string }, now: Date = new Date()): Promise<WriteResult> {
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
    const [row] = await tx.insert(applicationDocuments).values({ applicationId: id, label: input.label, url: input.url, addedBy: actor.id, createdAt: now }).returning();
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.document.add", entity: "joint_application", entityId: id, after: row });
    return { ok: true as const, id: row.id };
  });
}

export async function removeDocument(actor: Actor, id: string, documentId: string): Promise<WriteResult> {
  return changeApplication(actor, id, { access: "edit" }, async (tx, app) => {
    if (!isUuid(documentId)) return notFoundResult;
    const [before] = await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.id, documentId), eq(applicationDocuments.applicationId, id))).returning();
    if (!before) return notFoundResult;
    await audit(tx, { actorId: actor.id, action: "application.document.remove", entity: "joint_application", entityId: id, before });
    return { ok: true as const, id: documentId };
  });
}
