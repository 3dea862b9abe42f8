/**
 * The funder's side of a joint application (the programme's funder; the coordination only for a funder
 * with no account on the platform): acknowledging receipt (under review), the decision — awarded with
 * an amount and conditions, or refused with a reason —, re-opening it, the exchange with the
 * consortium, and the reporting milestones of an award. Every write goes through changeApplication
 * with the `decide` guard (another funder's application: not found, nothing written), records the
 * change (stage history, decision, audit log) and tells the consortium: in-app for everyone, by email
 * for the lead cluster's people.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Tx } from "@db/client.server";
import { applicationComments, applicationMilestones, applicationStageChanges, fundingDecisions, jointApplications, users, type JointApplication, type MilestoneKind } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import { formatDate, formatMoney, type MessageKey } from "~/modules/i18n";
import { conflictResult, fieldResult, invalidResult, notFoundResult, ok, type FieldErrors, type Result } from "~/modules/result";
import { amountRules, applicationLink, changeApplication, consortiumUsers, funderApplicationLink, funderUsers, hasErrors, memberIdsOf, programmeOf, tell, type Telling } from "./application-rules.server";
import { addDays, todayIso } from "./metrics";
import { DECIDABLE_STAGES } from "./stages";
import { isUuid } from "~/modules/validation/input";

/** Tell the consortium (in-app) and the lead cluster's people (also by email) about the funder's move. */
async function tellConsortium(tx: Tx, app: JointApplication, actorId: string, what: Omit<Telling, "link" | "mail"> & { mail?: Telling["mail"] }) {
  const members = await memberIdsOf(tx, app.id);
  const everyone = await consortiumUsers(tx, [app.leadClusterId, ...members]);
  const lead = new Set((await consortiumUsers(tx, [app.leadClusterId])).map((p) => p.id));
  const link = applicationLink(app.id);
  await tell(tx, everyone.filter((p) => !lead.has(p.id)), actorId, { ...what, link, mail: undefined });
  await tell(tx, everyone.filter((p) => lead.has(p.id)), actorId, { ...what, link });
}

/** The funder's other people hear of it in-app (a colleague decided). */
async function tellColleagues(tx: Tx, funderId: string | null, actorId: string, what: Omit<Telling, "link" | "mail">, appId: string) {
  await tell(tx, await funderUsers(tx, funderId), actorId, { ...what, link: funderApplicationLink(appId) });
}

const onBehalf = (actor: Actor) => actor.role !== "funder";

// ------------------------------------------------------------------ receipt and decision

/** The funder acknowledges receipt: submitted → under review. */
export async function markUnderReview(actor: Actor, id: string, input: { version: number }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide", version: input.version }, async (tx, app, { funderId }) => {
    if (app.stage !== "submitted") return conflictResult("funding.error.notSubmitted");
    await tx.update(jointApplications).set({ stage: "under_review", stageChangedAt: now, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await tx.insert(applicationStageChanges).values({ applicationId: id, fromStage: app.stage, toStage: "under_review", at: now, byUserId: actor.id });
    await audit(tx, { actorId: actor.id, action: "application.review", entity: "joint_application", entityId: id, before: { stage: app.stage }, after: { stage: "under_review", onBehalf: onBehalf(actor) } });
    await tellConsortium(tx, app, actor.id, { kind: "funding.stage", payload: (t) => ({ title: app.title, stage: t("funding.stage.under_review") }) });
    await tellColleagues(tx, funderId, actor.id, { kind: "funding.funderStage", payload: (t) => ({ title: app.title, stage: t("funding.stage.under_review") }) }, id);
    return ok({ id });
  });
}

export interface DecisionInput {
  version: number;
  outcome: "awarded" | "refused";
  /** Awarded amount: required for an award, at most the request and the programme's maximum. */
  amount?: number;
  conditions?: string;
  /** Why it was refused: required for a refusal. */
  reason?: string;
}

/** The funder's decision: the application moves to awarded (the amount is kept) or declined. */
export async function recordDecision(actor: Actor, id: string, input: DecisionInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide", version: input.version }, async (tx, app, { funderId }) => {
    if (!DECIDABLE_STAGES.includes(app.stage)) return conflictResult("funding.error.notDecidable");
    const errors: FieldErrors = {};
    const awarded = input.outcome === "awarded";
    if (awarded) {
      if (input.amount === undefined) errors.amount = { key: "funding.error.awardedRequired" };
      else {
        const rules = amountRules({ amountRequested: app.amountRequested, amountAwarded: input.amount }, await programmeOf(tx, app));
        if (rules.amountAwarded) errors.amount = rules.amountAwarded;
      }
      if (input.reason?.trim()) errors.reason = { key: "funding.error.reasonOnlyWhenRefused" };
    } else {
      if (!input.reason?.trim()) errors.reason = { key: "funding.error.reasonRequired" };
      if (input.amount !== undefined) errors.amount = { key: "funding.error.awardedOnlyWhenAwarded" };
      if (input.conditions?.trim()) errors.conditions = { key: "funding.error.conditionsOnlyWhenAwarded" };
    }
    if (hasErrors(errors)) return invalidResult(errors);
    const stage = awarded ? "awarded" : "declined";
    const amount = awarded ? input.amount! : null;
    await tx.update(jointApplications).set({ stage, stageChangedAt: now, amountAwarded: amount, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await tx.insert(applicationStageChanges).values({ applicationId: id, fromStage: app.stage, toStage: stage, at: now, byUserId: actor.id });
    const [decision] = await tx
      .insert(fundingDecisions)
      .values({
        applicationId: id,
        outcome: input.outcome,
        amount,
        conditions: awarded ? input.conditions?.trim() || null : null,
        reason: awarded ? null : input.reason!.trim(),
        decidedBy: actor.id,
        onBehalf: onBehalf(actor),
        decidedAt: now,
      })
      .returning();
    await audit(tx, { actorId: actor.id, action: "application.decision", entity: "joint_application", entityId: id, before: { stage: app.stage, amountAwarded: app.amountAwarded }, after: decision });
    const kind = awarded ? "funding.awarded" : "funding.refused";
    const mail: Telling["mail"] = awarded ? { subject: "funding.mail.awarded.subject", body: "funding.mail.awarded.body" } : { subject: "funding.mail.refused.subject", body: "funding.mail.refused.body" };
    const payload = (t: (k: MessageKey, p?: Record<string, string>) => string, locale: "fr" | "en") => ({
      title: app.title,
      amount: amount !== null ? formatMoney(locale, amount) : "",
      conditions: decision.conditions ? t("funding.mail.conditionsLine", { conditions: decision.conditions }) : "",
      reason: decision.reason ?? "",
    });
    await tellConsortium(tx, app, actor.id, { kind, payload, mail });
    await tellColleagues(tx, funderId, actor.id, { kind: awarded ? "funding.funderAwarded" : "funding.funderRefused", payload }, id);
    return ok({ id });
  });
}

/** The funder re-opens its decision (an appeal, a correction): back to review, with a note; the award is cleared. */
export async function reopenDecision(actor: Actor, id: string, input: { version: number; note?: string }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide", version: input.version }, async (tx, app, { funderId }) => {
    if (app.stage !== "awarded" && app.stage !== "declined") return conflictResult("funding.error.notDecided");
    const note = input.note?.trim();
    if (!note) return fieldResult("note", "funding.error.reopenNoteRequired");
    const [milestone] = await tx.select({ id: applicationMilestones.id }).from(applicationMilestones).where(eq(applicationMilestones.applicationId, id)).limit(1);
    if (milestone) return fieldResult("note", "funding.error.reopenHasMilestones");
    await tx.update(jointApplications).set({ stage: "under_review", stageChangedAt: now, amountAwarded: null, version: app.version + 1, updatedAt: now }).where(eq(jointApplications.id, id));
    await tx.insert(applicationStageChanges).values({ applicationId: id, fromStage: app.stage, toStage: "under_review", at: now, byUserId: actor.id, note });
    await audit(tx, { actorId: actor.id, action: "application.reopen", entity: "joint_application", entityId: id, before: { stage: app.stage, amountAwarded: app.amountAwarded }, after: { stage: "under_review", note } });
    const payload = () => ({ title: app.title, note });
    await tellConsortium(tx, app, actor.id, { kind: "funding.reopened", payload, mail: { subject: "funding.mail.reopened.subject", body: "funding.mail.reopened.body" } });
    await tellColleagues(tx, funderId, actor.id, { kind: "funding.reopened", payload }, id);
    return ok({ id });
  });
}

/** The decisions of an application, newest first, with who recorded them. */
export async function decisionsOf(tx: Tx, id: string) {
  return tx
    .select({ id: fundingDecisions.id, outcome: fundingDecisions.outcome, amount: fundingDecisions.amount, conditions: fundingDecisions.conditions, reason: fundingDecisions.reason, onBehalf: fundingDecisions.onBehalf, decidedAt: fundingDecisions.decidedAt, byName: users.name })
    .from(fundingDecisions)
    .leftJoin(users, eq(users.id, fundingDecisions.decidedBy))
    .where(eq(fundingDecisions.applicationId, id))
    .orderBy(desc(fundingDecisions.decidedAt), desc(fundingDecisions.id));
}

// ------------------------------------------------------------------ the exchange with the funder

/** The funder writes to the consortium (the funder thread, which the consortium reads and answers). */
export async function addFunderComment(actor: Actor, id: string, body: string, now: Date = new Date()): Promise<Result<{ id: number }>> {
  return changeApplication<{ id: number }>(actor, id, { access: "decide" }, async (tx, app, { funderId }) => {
    const text = body.trim();
    if (!text) return fieldResult("body", "error.required");
    const [row] = await tx.insert(applicationComments).values({ applicationId: id, authorId: actor.id, body: text, audience: "funder", createdAt: now }).returning({ id: applicationComments.id });
    await audit(tx, { actorId: actor.id, action: "application.comment", entity: "joint_application", entityId: id, after: { commentId: row.id, audience: "funder" } });
    const author = (await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.id)))[0]?.name ?? "";
    await tellConsortium(tx, app, actor.id, { kind: "funding.funderComment", payload: () => ({ title: app.title, author }), mail: { subject: "funding.mail.comment.subject", body: "funding.mail.comment.body" } });
    await tellColleagues(tx, funderId, actor.id, { kind: "funding.funderComment", payload: () => ({ title: app.title, author }) }, id);
    return ok({ id: row.id });
  });
}

// ------------------------------------------------------------------ reporting milestones of an award

export interface MilestoneInput {
  kind: MilestoneKind;
  label?: string;
  dueOn: string;
}

/** How far ahead a milestone may be due. */
export const MILESTONE_MAX_YEARS = 10;

/** The day (in Québec) the award was decided: the latest award decision, else the stage change into awarded. */
async function awardDay(tx: Tx, app: JointApplication): Promise<string | null> {
  const [d] = await tx
    .select({ at: fundingDecisions.decidedAt })
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.applicationId, app.id), eq(fundingDecisions.outcome, "awarded")))
    .orderBy(desc(fundingDecisions.decidedAt))
    .limit(1);
  if (d) return todayIso(d.at);
  const [c] = await tx
    .select({ at: applicationStageChanges.at })
    .from(applicationStageChanges)
    .where(and(eq(applicationStageChanges.applicationId, app.id), eq(applicationStageChanges.toStage, "awarded")))
    .orderBy(desc(applicationStageChanges.at))
    .limit(1);
  return c ? todayIso(c.at) : null;
}

/** Milestones belong to an award that still stands (awarded, or closed after the award). */
async function awardOf(tx: Tx, app: JointApplication): Promise<Result<string>> {
  if (app.amountAwarded === null || (app.stage !== "awarded" && app.stage !== "closed")) return conflictResult("funding.error.milestoneNeedsAward");
  const day = await awardDay(tx, app);
  if (!day) return conflictResult("funding.error.milestoneNeedsAward");
  return ok(day);
}

function dueRules(input: MilestoneInput, award: string): FieldErrors {
  const errors: FieldErrors = {};
  if (input.kind === "other" && !input.label?.trim()) errors.label = { key: "funding.error.milestoneLabelRequired" };
  if (input.dueOn < award) errors.dueOn = { key: "funding.error.milestoneBeforeAward", params: { date: award } };
  else if (input.dueOn > addDays(award, MILESTONE_MAX_YEARS * 366)) errors.dueOn = { key: "funding.error.milestoneTooFar", params: { years: MILESTONE_MAX_YEARS } };
  return errors;
}

const milestonePayload = (app: JointApplication, m: { kind: MilestoneKind; label: string; dueOn: string }) => (t: (k: MessageKey) => string, locale: "fr" | "en") => ({
  title: app.title,
  milestone: m.label || t(`funding.milestone.kind.${m.kind}`),
  date: formatDate(locale, `${m.dueOn}T12:00:00Z`, { dateStyle: "long", timeZone: "UTC" }),
});

/** The funder records a reporting milestone (a report, a disbursement) with its due date. */
export async function addMilestone(actor: Actor, id: string, input: MilestoneInput, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide" }, async (tx, app) => {
    const award = await awardOf(tx, app);
    if (!award.ok) return award;
    const errors = dueRules(input, award.value);
    if (hasErrors(errors)) return invalidResult(errors);
    const [row] = await tx
      .insert(applicationMilestones)
      .values({ applicationId: id, kind: input.kind, label: input.label?.trim() ?? "", dueOn: input.dueOn, createdBy: actor.id, createdAt: now, updatedAt: now })
      .returning();
    await tx.update(jointApplications).set({ updatedAt: now }).where(eq(jointApplications.id, id));
    await audit(tx, { actorId: actor.id, action: "application.milestone.add", entity: "joint_application", entityId: id, after: row });
    await tellConsortium(tx, app, actor.id, { kind: "funding.milestone", payload: milestonePayload(app, row) });
    return ok({ id: row.id });
  });
}

/** The funder records that a milestone was done (the report received, the payment made), on a day not in the future. */
export async function completeMilestone(actor: Actor, id: string, milestoneId: string, input: { doneOn: string }, now: Date = new Date()): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide" }, async (tx, app) => {
    if (!isUuid(milestoneId)) return notFoundResult();
    const [m] = await tx.select().from(applicationMilestones).where(and(eq(applicationMilestones.id, milestoneId), eq(applicationMilestones.applicationId, id))).for("update");
    if (!m) return notFoundResult();
    const award = await awardDay(tx, app);
    if (input.doneOn > todayIso(now)) return fieldResult("doneOn", "funding.error.doneInFuture");
    if (award && input.doneOn < award) return fieldResult("doneOn", "funding.error.doneBeforeAward", { date: award });
    await tx.update(applicationMilestones).set({ doneOn: input.doneOn, updatedAt: now }).where(eq(applicationMilestones.id, milestoneId));
    await audit(tx, { actorId: actor.id, action: "application.milestone.done", entity: "joint_application", entityId: id, before: m, after: { doneOn: input.doneOn } });
    await tellConsortium(tx, app, actor.id, { kind: "funding.milestoneDone", payload: milestonePayload(app, m) });
    return ok({ id: milestoneId });
  });
}

export async function removeMilestone(actor: Actor, id: string, milestoneId: string): Promise<Result<{ id: string }>> {
  return changeApplication(actor, id, { access: "decide" }, async (tx) => {
    if (!isUuid(milestoneId)) return notFoundResult();
    const [before] = await tx.delete(applicationMilestones).where(and(eq(applicationMilestones.id, milestoneId), eq(applicationMilestones.applicationId, id))).returning();
    if (!before) return notFoundResult();
    await audit(tx, { actorId: actor.id, action: "application.milestone.remove", entity: "joint_application", entityId: id, before });
    return ok({ id: milestoneId });
  });
}

/** An application's milestones, soonest due first. */
export async function milestonesOf(tx: Tx, id: string) {
  return tx.select().from(applicationMilestones).where(eq(applicationMilestones.applicationId, id)).orderBy(asc(applicationMilestones.dueOn), asc(applicationMilestones.createdAt));
}
