/**
 * Rules shared by the writes of joint applications: notifications to the consortium, amounts, the
 * programme/call/deadline resolution, and the preamble of every change (changeApplication).
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, jointApplications, programmeCalls, programmes, users, type JointApplication, type Locale, type Programme } from "@db/schema";
import { can, CLUSTER_ROLES, type Actor } from "~/modules/auth/permissions";
import { formatMoney, translator } from "~/modules/i18n";
import { notify } from "~/modules/notifications/notifications.server";
import type { FieldErrors } from "~/modules/validation/form.server";
import { isUuid } from "./application-access.server";
import { conflictResult, findProgrammeByName, forbiddenResult, notFoundResult, type WriteResult } from "./programmes.server";

/** The consortium's people, who get the application's notifications. */
export async function consortiumUsers(tx: Tx, clusterIds: readonly string[]) {
  if (!clusterIds.length) return [];
  return tx
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(inArray(users.clusterId, [...clusterIds]), inArray(users.role, [...CLUSTER_ROLES])));
}

export async function notifyConsortium(
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
    if (!e || !e.params || typeof e.params.amount !== "number") out[field] = e;
    else out[field] = { ...e, params: { ...e.params, amount: formatMoney(locale, e.params.amount) } };
  }
  return out;
}

export function amountRules(
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
    if (!call) return { ok: false, errors: { callId: { key: "error.choice" } } };
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


/**
 * The preamble of every change: in one transaction, lock the application row (not found: a missing
 * or malformed id), check the caller's permission — `edit` (the lead cluster and the coordination),
 * `view` (the consortium and the coordination) or `manage` (the coordination, checked before the
 * lock) — and, when given, the version the person saw (optimistic locking); then `write`.
 */
export async function changeApplication<T extends object = { id: string }>(
  actor: Actor,
  id: string,
  guard: { access: "edit" | "view" | "manage"; version?: number },
  write: (tx: Tx, app: JointApplication) => Promise<WriteResult<NoInfer<T>>>,
): Promise<WriteResult<T>> {
  if (guard.access === "manage" && !can(actor, "funding:manage")) return forbiddenResult;
  return getDb().transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!app) return notFoundResult;
    if (guard.access === "edit" && !can(actor, "funding:application:edit", { clusterId: app.leadClusterId })) return forbiddenResult;
    if (guard.access === "view" && !can(actor, "funding:application:view", { clusterIds: [app.leadClusterId, ...(await memberIdsOf(tx, id))] }))
      return forbiddenResult;
    if (guard.version !== undefined && app.version !== guard.version) return conflictResult;
    return write(tx, app);
  });
}
