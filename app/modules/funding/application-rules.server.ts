/**
 * Rules shared by the writes of joint applications: who hears about a change (the consortium, the
 * programme's funder: in-app notifications and emails through the central notification and outbox
 * functions, email kind "funding"), amounts, the programme/call/deadline resolution, and the preamble
 * of every change (changeApplication).
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, applicationStageChanges, jointApplications, programmeCalls, programmes, users, type ApplicationStage, type JointApplication, type Locale, type Programme } from "@db/schema";
import { can, CLUSTER_ROLES, type Actor } from "~/modules/auth/permissions";
import { appUrl } from "~/modules/config.server";
import { formatMoney, translator, type MessageKey, type Params } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify } from "~/modules/notifications/notifications.server";
import { forbiddenResult, notFoundResult, type Failure, type FieldErrors, type Result } from "~/modules/result";
import { funderHasAccount } from "./application-access.server";
import { findProgrammeByName, staleResult } from "./programmes.server";
import { isUuid } from "~/modules/validation/input";

/** The kind every funding email is sent with (the per-kind notification settings apply to it). */
export const FUNDING_MAIL_KIND = "funding";

export interface Person {
  id: string;
  email: string;
  name: string;
  locale: Locale;
}

/** The consortium's people, who get the application's notifications. */
export async function consortiumUsers(tx: Tx, clusterIds: readonly string[]): Promise<Person[]> {
  if (!clusterIds.length) return [];
  return tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(inArray(users.clusterId, [...clusterIds]), inArray(users.role, [...CLUSTER_ROLES])));
}

/** The people of a funder (its programme officers). */
export async function funderUsers(tx: Tx, funderId: string | null): Promise<Person[]> {
  if (!funderId) return [];
  return tx.select({ id: users.id, email: users.email, name: users.name, locale: users.locale }).from(users).where(and(eq(users.funderId, funderId), eq(users.role, "funder")));
}

type Translate = ReturnType<typeof translator>;

export interface Telling {
  /** Notification kind: the dictionary key `notification.<kind>` renders it. */
  kind: string;
  payload: (t: Translate, locale: Locale) => Params;
  link: string;
  /** Also an email, with these dictionary keys (the payload, the person's name and the full link as parameters). */
  mail?: { subject: MessageKey; body: MessageKey };
}

/** Tell these people (minus `except`): in-app, and by email when the telling has one. Inside the caller's transaction. */
export async function tell(tx: Tx, people: readonly Person[], except: string | null, what: Telling): Promise<number> {
  const to = [...new Map(people.filter((p) => p.id !== except).map((p) => [p.id, p])).values()];
  await notify(
    tx,
    to.map((u) => ({ userId: u.id, kind: what.kind, payload: what.payload(translator(u.locale), u.locale) as Record<string, string | number>, link: what.link })),
  );
  if (what.mail)
    for (const u of to) {
      const t = translator(u.locale);
      const params = { ...what.payload(t, u.locale), name: u.name, link: `${appUrl()}${what.link}` };
      await sendEmail(tx, { to: u.email, kind: FUNDING_MAIL_KIND, subject: t(what.mail.subject, params), text: t(what.mail.body, params) });
    }
  return to.length;
}

/** In-app notifications to the consortium's people (minus `except`). */
export async function notifyConsortium(tx: Tx, clusterIds: readonly string[], except: string | null, kind: string, payload: (t: Translate, locale: Locale) => Params, link: string) {
  await tell(tx, await consortiumUsers(tx, clusterIds), except, { kind, payload, link });
}

export const applicationLink = (id: string) => `/funding/applications/${id}`;
/** The funder's page of an application. */
export const funderApplicationLink = (id: string) => `/pipeline/applications/${id}`;

/** Turn money parameters into text in the reader's language (the module does not know it). */
export function localiseErrors(errors: FieldErrors, locale: Locale): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, e] of Object.entries(errors)) {
    if (!e || !e.params || typeof e.params.amount !== "number") out[field] = e;
    else out[field] = { ...e, params: { ...e.params, amount: formatMoney(locale, e.params.amount) } };
  }
  return out;
}

/** The same for a whole failure. */
export function localiseFailure(failure: Failure, locale: Locale): Failure {
  if (failure.reason === "invalid") return { ...failure, errors: localiseErrors(failure.errors, locale) };
  if (failure.reason === "refused") return { ...failure, message: localiseErrors({ m: failure.message }, locale).m! };
  return failure;
}

export function amountRules(v: { amountRequested: number | null; amountAwarded: number | null }, programme: Pick<Programme, "maxPerProject"> | null): FieldErrors {
  const errors: FieldErrors = {};
  const max = programme?.maxPerProject ?? null;
  if (max !== null && v.amountRequested !== null && v.amountRequested > max) errors.amountRequested = { key: "funding.error.requestAboveMax", params: { amount: max } };
  if (v.amountAwarded !== null) {
    if (v.amountRequested !== null && v.amountAwarded > v.amountRequested) errors.amountAwarded = { key: "funding.error.awardedAboveRequest", params: { amount: v.amountRequested } };
    else if (max !== null && v.amountAwarded > max) errors.amountAwarded = { key: "funding.error.awardedAboveMax", params: { amount: max } };
  }
  return errors;
}

export const hasErrors = (e: FieldErrors) => Object.keys(e).length > 0;

export interface ResolvedProgramme {
  programme: Programme | null;
  programmeText: string | null;
  callId: string | null;
  deadline: string | null;
}

/** Programme, call and deadline of a new or re-attached application; a deadline in the past is refused. */
export async function resolveProgramme(
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
    if (!call) return { ok: false, errors: { callId: { key: "funding.error.callNotOfProgramme" } } };
    if (call.deadline < today) return { ok: false, errors: { callId: { key: "funding.error.deadlinePast" } } };
    callId = call.id;
    deadline = call.deadline;
  } else if (deadline && deadline < today) {
    return { ok: false, errors: { deadline: { key: "funding.error.deadlinePast" } } };
  }
  return { ok: true, value: { programme, programmeText: programme ? null : (input.programmeText ?? null), callId, deadline } };
}

export async function lockApplication(tx: Tx, id: string): Promise<JointApplication | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select().from(jointApplications).where(eq(jointApplications.id, id)).for("update");
  return row ?? null;
}

export async function memberIdsOf(tx: Tx, id: string): Promise<string[]> {
  return (await tx.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, id))).map((m) => m.clusterId);
}

export async function programmeOf(tx: Tx, app: Pick<JointApplication, "programmeId">): Promise<Programme | null> {
  if (!app.programmeId) return null;
  const [p] = await tx.select().from(programmes).where(eq(programmes.id, app.programmeId)).limit(1);
  return p ?? null;
}

/** The stage a closed application was closed from (the last change into `closed`), else null. */
export async function closedFromOf(tx: Tx, id: string): Promise<ApplicationStage | null> {
  const [row] = await tx
    .select({ from: applicationStageChanges.fromStage })
    .from(applicationStageChanges)
    .where(and(eq(applicationStageChanges.applicationId, id), eq(applicationStageChanges.toStage, "closed"), ne(applicationStageChanges.fromStage, "closed")))
    .orderBy(desc(applicationStageChanges.at), desc(applicationStageChanges.id))
    .limit(1);
  return row?.from ?? null;
}

/** What a change's `write` gets besides the locked row. */
export interface ChangeContext {
  tx: Tx;
  app: JointApplication;
  /** The programme's funder (null for an unlisted programme). */
  funderId: string | null;
}

/**
 * The preamble of every change: in one transaction, lock the application row (not found: a missing
 * or malformed id), check the caller's permission — `edit` (the lead cluster and the coordination),
 * `view` (the consortium and the coordination), `manage` (the coordination, checked before the lock)
 * or `decide` (the programme's funder; the coordination for a funder with no account) — and, when
 * given, the version the person saw (optimistic locking); then `write`. A failed write rolls back.
 *
 * A funder who may not decide on the application gets `not_found`, like any other funder's resource.
 */
export async function changeApplication<T = { id: string }>(
  actor: Actor,
  id: string,
  guard: { access: "edit" | "view" | "manage" | "decide"; version?: number },
  write: (tx: Tx, app: JointApplication, ctx: ChangeContext) => Promise<Result<NoInfer<T>>>,
): Promise<Result<T>> {
  if (guard.access === "manage" && !can(actor, "funding:manage")) return forbiddenResult();
  const rolledBack = new Error("rolled back");
  let failure: Result<T> | undefined;
  try {
    return await getDb().transaction(async (tx) => {
      const app = await lockApplication(tx, id);
      if (!app) return notFoundResult();
      const funderId = app.programmeId ? ((await tx.select({ f: programmes.funderId }).from(programmes).where(eq(programmes.id, app.programmeId)))[0]?.f ?? null) : null;
      if (guard.access === "edit" && !can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult();
      if (guard.access === "view" && !can(actor, "funding:application:view", { clusterIds: [app.leadClusterId, ...(await memberIdsOf(tx, id))] })) return forbiddenResult();
      if (guard.access === "decide" && !can(actor, "funding:decide", { funderId, funderHasAccount: await funderHasAccount(funderId, tx) }))
        return actor.role === "funder" ? notFoundResult() : forbiddenResult();
      if (guard.version !== undefined && app.version !== guard.version) return staleResult();
      const result = await write(tx, app, { tx, app, funderId });
      if (!result.ok) {
        // Nothing half-written: a refused write leaves no trace.
        failure = result;
        throw rolledBack;
      }
      return result;
    });
  } catch (e) {
    if (e === rolledBack && failure) return failure;
    throw e;
  }
}
