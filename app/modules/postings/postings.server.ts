/**
 * Postings: create, read, edit (optimistic locking on `version`), lifecycle and expiry.
 * Every write runs in one transaction with its audit entry; nothing is ever half-written.
 * Writes return the one result shape (app/modules/result.ts).
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { auditLog, clusters, postings, settings, users, type CloseReason, type NewPosting, type Posting } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import { enqueueRematch } from "~/modules/matching/store.server";
import { isMessageKey, type MessageKey } from "~/modules/i18n";
import { conflictResult, fieldResult, forbiddenResult, invalidResult, notFoundResult, ok, refusedResult, type FieldErrors, type Message, type Result } from "~/modules/result";
import { availableActions, canManagePosting, canRenewNow, canSeeHistory, canSeePosting, effectiveStatus, reopenUntil } from "./access";
import { CLOSE_REASONS, EXPIRING_STATUSES, formatBasisOf, TRANSITIONS, type PostingStatus } from "./constants";
import { postingToRaw } from "./form.server";
import { buildSearchDocument } from "./search";
import { addMonths, getExpiryMonths } from "./settings.server";
import { guessLanguage, todayInQuebec, validatePosting, type PostingInput, type ValidationIssue } from "./validation";
import { isUuid } from "~/modules/validation/input";

/** What a write returns: the posting as written, or why not. */
export type WriteResult = Result<Posting>;

/** A status change or renewal that this state does not allow (409). */
const transitionRefused = () => conflictResult("postings.error.transition");

/** Validation issues -> the field errors the pages show. */
export function issuesToErrors(issues: ValidationIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) {
    const key: MessageKey = isMessageKey(i.key) ? i.key : "error.invalid";
    errors[i.field] ??= { key, params: i.params };
  }
  return errors;
}

/** The shared columns of a validated input (language guessed when the file did not say). */
export function inputColumns(input: PostingInput) {
  return {
    kind: input.kind ?? null,
    category: input.category ?? null,
    title: input.title,
    description: input.description,
    tags: input.tags,
    language: input.language ?? guessLanguage(`${input.title} ${input.description}`),
    region: input.region ?? null,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    quantity: input.quantity ?? null,
    unit: input.unit ?? null,
    budgetMax: input.budgetMax ?? null,
    budgetBasis: input.budgetBasis ?? null,
    programme: input.programme ?? null,
    deadline: input.deadline ?? null,
    attributes: input.attributes,
    sdAxes: input.sdAxes,
    visibility: input.visibility,
  };
}

export interface NewRowOptions {
  clusterId: string;
  clusterName: string;
  createdBy: string | null;
  contactUserId?: string | null;
  status: "draft" | "open";
  now: Date;
  expiryMonths: number;
  externalRef?: string;
}

/** A complete row to insert (pure: also used by the import, the demo seed and the benchmark). */
export function newPostingRow(input: PostingInput, o: NewRowOptions): NewPosting {
  const cols = inputColumns(input);
  const published = o.status === "open";
  // An amount without a basis outside a draft (benchmarks' generated rows) has the interchange format's basis.
  if (cols.budgetMax !== null && !cols.budgetBasis && o.status !== "draft") cols.budgetBasis = formatBasisOf(cols.unit);
  return {
    ...cols,
    ...buildSearchDocument(cols, o.clusterName),
    clusterId: o.clusterId,
    status: o.status,
    publishedAt: published ? o.now : null,
    expiresAt: published ? addMonths(o.now, o.expiryMonths) : null,
    createdBy: o.createdBy,
    contactUserId: o.contactUserId === undefined ? o.createdBy : o.contactUserId,
    externalRef: o.externalRef ?? null,
    createdAt: o.now,
    updatedAt: o.now,
  };
}

/** The fields worth keeping in the audit log and comparing between versions. */
const AUDITED = [
  "kind", "category", "title", "description", "tags", "language", "region", "startDate", "endDate", "quantity", "unit", "budgetMax",
  "budgetBasis", "programme", "deadline", "attributes", "sdAxes", "visibility", "status", "expiresAt", "contactUserId", "closeReason",
] as const;
type Audited = (typeof AUDITED)[number];

export function snapshot(p: Partial<Posting>): Partial<Record<Audited, unknown>> {
  const out: Partial<Record<Audited, unknown>> = {};
  for (const k of AUDITED) if (p[k] !== undefined) out[k] = p[k] instanceof Date ? (p[k] as Date).toISOString() : p[k];
  return out;
}

function diff(before: Partial<Posting>, after: Partial<Posting>) {
  const a = snapshot(before);
  const b = snapshot(after);
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const k of AUDITED) {
    if (!(k in b)) continue;
    if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) {
      changedBefore[k] = a[k] ?? null;
      changedAfter[k] = b[k] ?? null;
    }
  }
  return { before: changedBefore, after: changedAfter, changed: Object.keys(changedAfter) };
}

async function clusterNameOf(tx: Tx, clusterId: string): Promise<string> {
  const [c] = await tx.select({ name: clusters.name }).from(clusters).where(eq(clusters.id, clusterId));
  return c?.name ?? "";
}

/** A contact person must be an active account of the posting's cluster. */
async function contactIsValid(tx: Tx, contactUserId: string | null | undefined, clusterId: string): Promise<boolean> {
  if (!contactUserId) return true;
  if (!isUuid(contactUserId)) return false;
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, contactUserId), eq(users.clusterId, clusterId), isNull(users.deactivatedAt)));
  return !!u;
}

const invalidContact = () => fieldResult("contactUserId", "error.choice");

/**
 * The rules a posting must meet to be open, checked on what is stored (publishing a draft, reopening,
 * renewing): complete (the form's rules) and a period that has not ended. Field errors, or null.
 */
export function publishProblems(p: Posting, now: Date): FieldErrors | null {
  const r = validatePosting(postingToRaw(p), "form", { today: todayInQuebec(now) });
  return r.ok ? null : issuesToErrors(r.issues);
}

/** A stored posting that cannot be opened as it is: the period that ended, else "complete it first". */
function publishRefusal(errors: FieldErrors) {
  if (errors.endDate?.key === "postings.error.periodEnded") return refusedResult("postings.error.periodEndedAction", errors.endDate.params);
  return refusedResult("postings.error.incomplete");
}

/** Why this stored posting could not be opened now (a message), or null. */
export function openingProblem(p: Posting, now: Date): Message | null {
  const problems = publishProblems(p, now);
  return problems ? (publishRefusal(problems) as { message: Message }).message : null;
}


// ------------------------------------------------------------------ create / edit

/**
 * Create a posting: published (the input passed the form's rules) or a draft (only a title is sure).
 */
export async function createPosting(
  actor: Actor,
  input: PostingInput,
  opts: { publish: boolean; contactUserId?: string | null },
  now = new Date(),
): Promise<WriteResult> {
  if (!actor.clusterId || !canManagePosting(actor, { clusterId: actor.clusterId })) return forbiddenResult();
  if (opts.publish && (!input.kind || !input.category)) return invalidResult({ ...(input.kind ? {} : { kind: { key: "error.required" } }), ...(input.category ? {} : { category: { key: "error.required" } }) });
  const clusterId = actor.clusterId;
  return getDb().transaction(async (tx) => {
    if (!(await contactIsValid(tx, opts.contactUserId, clusterId))) return invalidContact();
    const row = newPostingRow(input, {
      clusterId,
      clusterName: await clusterNameOf(tx, clusterId),
      createdBy: actor.id,
      contactUserId: opts.contactUserId || actor.id,
      status: opts.publish ? "open" : "draft",
      now,
      expiryMonths: await getExpiryMonths(tx),
    });
    const [posting] = await tx.insert(postings).values(row).returning();
    await audit(tx, { actorId: actor.id, action: "posting.create", entity: "posting", entityId: posting.id, after: snapshot(posting) });
    if (posting.status === "open") await enqueueRematch(tx, [posting.id], "posting.create");
    return ok(posting);
  });
}

/**
 * Lock the row and check who may change it, and that the person saw the latest version. A stale
 * version is a conflict carrying the current version and what changed (the edit page shows it).
 */
async function lockForChange(tx: Tx, actor: Actor, id: string, expectedVersion: number, stale: MessageKey = "postings.conflict.status"): Promise<Result<Posting>> {
  if (!isUuid(id)) return notFoundResult();
  const [current] = await tx.select().from(postings).where(eq(postings.id, id)).for("update");
  if (!current || !canSeePosting(actor, current)) return notFoundResult();
  if (!canManagePosting(actor, current)) return forbiddenResult();
  if (current.version !== expectedVersion)
    return conflictResult(stale, undefined, {
      version: current.version,
      conflict: { updatedAt: current.updatedAt.toISOString(), title: current.title, description: current.description },
    });
  return ok(current);
}

/**
 * Save an edit. A draft stays a draft unless `publish` (then the input passed the form's rules and
 * the posting opens for a new period); any other posting must stay complete.
 */
export async function updatePosting(
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: PostingInput,
  opts: { contactUserId?: string | null; publish?: boolean } = {},
  now = new Date(),
): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const lock = await lockForChange(tx, actor, id, expectedVersion, "postings.conflict.edit");
    if (!lock.ok) return lock;
    const current = lock.value;
    if (!availableActions(current, now).canEdit) return transitionRefused();
    const publishing = current.status === "draft" && !!opts.publish;
    if ((publishing || current.status !== "draft") && (!input.kind || !input.category)) return fieldResult(input.kind ? "category" : "kind", "error.required");
    if (!(await contactIsValid(tx, opts.contactUserId, current.clusterId))) return invalidContact();
    const cols: Partial<Posting> = { ...inputColumns(input), contactUserId: opts.contactUserId || current.contactUserId };
    if (publishing) {
      cols.status = "open";
      cols.publishedAt = current.publishedAt ?? now;
      cols.expiresAt = addMonths(now, await getExpiryMonths(tx));
    }
    const changes = diff(current, cols);
    if (changes.changed.length === 0) return ok(current);
    const [posting] = await tx
      .update(postings)
      .set({ ...cols, ...buildSearchDocument({ ...current, ...cols } as Posting, await clusterNameOf(tx, current.clusterId)), version: current.version + 1, updatedAt: now })
      .where(and(eq(postings.id, id), eq(postings.version, expectedVersion)))
      .returning();
    await audit(tx, { actorId: actor.id, action: "posting.update", entity: "posting", entityId: id, before: changes.before, after: changes.after });
    if (posting.status !== "draft") await enqueueRematch(tx, [id], "posting.update");
    return ok(posting);
  });
}

// ------------------------------------------------------------------ lifecycle

export interface StatusChange {
  /** Why it is closed (required when closing). */
  reason?: CloseReason;
}

/**
 * Move a posting to another status. Closing needs a reason and can be undone for REOPEN_DAYS;
 * opening (publishing a draft, resuming, reopening) needs a complete posting whose period has not ended.
 */
export async function changePostingStatus(actor: Actor, id: string, expectedVersion: number, to: PostingStatus, change: StatusChange = {}, now = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const lock = await lockForChange(tx, actor, id, expectedVersion);
    if (!lock.ok) return lock;
    const current = lock.value;
    const from = effectiveStatus(current, now);
    if (!availableActions(current, now).transitions.includes(to)) {
      if (from === "closed" && to === "open" && reopenUntil(current)) return refusedResult("postings.error.reopenTooLate", { days: 30 });
      return transitionRefused();
    }
    if (to === "closed" && !(change.reason && CLOSE_REASONS.includes(change.reason))) return fieldResult("reason", "postings.close.reasonRequired");
    if (to === "open") {
      const problems = publishProblems(current, now);
      if (problems) return publishRefusal(problems);
    }
    const set: Partial<Posting> = { status: to, version: current.version + 1, updatedAt: now };
    if (to === "open") {
      // Publishing (or reopening) starts a new period; resuming keeps a running one.
      if (!current.publishedAt) set.publishedAt = now;
      if (from !== "paused" || !current.expiresAt || current.expiresAt <= now) set.expiresAt = addMonths(now, await getExpiryMonths(tx));
      if (from === "closed") {
        set.closedAt = null;
        set.closeReason = null;
      }
    }
    if (to === "closed") {
      set.closedAt = now;
      set.closeReason = change.reason;
    }
    const [posting] = await tx.update(postings).set(set).where(eq(postings.id, id)).returning();
    const after: Record<string, unknown> = { status: to };
    if (set.expiresAt) after.expiresAt = set.expiresAt.toISOString();
    if (to === "closed") after.closeReason = change.reason;
    await audit(tx, { actorId: actor.id, action: "posting.status", entity: "posting", entityId: id, before: { status: from }, after });
    await enqueueRematch(tx, [id], "posting.status");
    return ok(posting);
  });
}

/**
 * Renewal: a new full period from now, offered only when the expiry is near or past (canRenewNow), and
 * only when it really moves the expiry later; an expired posting opens again.
 */
export async function renewPosting(actor: Actor, id: string, expectedVersion: number, now = new Date()): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const lock = await lockForChange(tx, actor, id, expectedVersion);
    if (!lock.ok) return lock;
    const current = lock.value;
    const from = effectiveStatus(current, now);
    if (!canRenewNow(current, now)) return from === "open" || from === "paused" ? refusedResult("postings.error.renewTooEarly", { days: 30 }) : transitionRefused();
    const problems = publishProblems(current, now);
    if (problems) return publishRefusal(problems);
    const status: PostingStatus = from === "expired" ? "open" : from;
    const expiresAt = addMonths(now, await getExpiryMonths(tx));
    if (current.expiresAt && expiresAt.getTime() <= current.expiresAt.getTime()) return refusedResult("postings.error.renewNoExtension");
    const [posting] = await tx.update(postings).set({ status, expiresAt, version: current.version + 1, updatedAt: now }).where(eq(postings.id, id)).returning();
    await audit(tx, {
      actorId: actor.id,
      action: "posting.renew",
      entity: "posting",
      entityId: id,
      before: { status: from, expiresAt: current.expiresAt?.toISOString() ?? null },
      after: { status, expiresAt: expiresAt.toISOString() },
    });
    await enqueueRematch(tx, [id], "posting.renew");
    return ok(posting);
  });
}

/** Only drafts can be deleted (published postings stay in the history). */
export async function deletePosting(actor: Actor, id: string, expectedVersion: number): Promise<WriteResult> {
  return getDb().transaction(async (tx) => {
    const lock = await lockForChange(tx, actor, id, expectedVersion);
    if (!lock.ok) return lock;
    const current = lock.value;
    if (current.status !== "draft") return transitionRefused();
    await tx.delete(postings).where(eq(postings.id, id));
    await audit(tx, { actorId: actor.id, action: "posting.delete", entity: "posting", entityId: id, before: snapshot(current) });
    return ok(current);
  });
}

/**
 * Mark postings past their expiry date as expired (queries already treat them so; this records it
 * in the status and the audit log). Idempotent, safe to run from several processes.
 */
export async function expireDuePostings(now = new Date(), db: Tx = getDb()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: postings.id, status: postings.status })
      .from(postings)
      .where(and(inArray(postings.status, [...EXPIRING_STATUSES]), lte(postings.expiresAt, now)))
      .for("update", { skipLocked: true });
    if (!due.length) return 0;
    await tx
      .update(postings)
      .set({ status: "expired", version: sql`${postings.version} + 1`, updatedAt: now })
      .where(inArray(postings.id, due.map((d) => d.id)));
    for (let i = 0; i < due.length; i += 500) {
      await tx.insert(auditLog).values(
        due.slice(i, i + 500).map((d) => ({ actorId: null, action: "posting.expire", entity: "posting", entityId: d.id, before: { status: d.status }, after: { status: "expired" }, at: now })),
      );
    }
    // Proposals involving expired postings are withdrawn by the matching queue.
    await enqueueRematch(tx, due.map((d) => d.id), "posting.expire");
    return due.length;
  });
}

/** Bump when the search document changes (synonyms, labels): stored documents are then rebuilt. */
export const SEARCH_VERSION = 1;
const SEARCH_VERSION_KEY = "postings.searchVersion";

/** Rebuild every posting's search document (after a change of the synonym list or the labels). */
export async function reindexPostingSearch(db: Tx = getDb()): Promise<number> {
  const rows = await db
    .select({ id: postings.id, kind: postings.kind, category: postings.category, title: postings.title, description: postings.description, tags: postings.tags, region: postings.region, programme: postings.programme, attributes: postings.attributes, clusterName: clusters.name })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId));
  for (const r of rows) await db.update(postings).set(buildSearchDocument(r, r.clusterName)).where(eq(postings.id, r.id));
  await db.insert(settings).values({ key: SEARCH_VERSION_KEY, value: SEARCH_VERSION }).onConflictDoUpdate({ target: settings.key, set: { value: SEARCH_VERSION, updatedAt: new Date() } });
  return rows.length;
}

/**
 * Housekeeping, run by the background jobs (app/modules/jobs) every minute: record expiries (status,
 * audit, re-matching) and rebuild search documents after a change of SEARCH_VERSION. Idempotent and
 * safe in several processes; pages stay correct without it (queries treat past expiry as expired).
 */
export async function postingsHousekeeping(now = new Date()): Promise<void> {
  await expireDuePostings(now);
  const [v] = await getDb().select({ value: settings.value }).from(settings).where(eq(settings.key, SEARCH_VERSION_KEY));
  // No key yet: documents were written by this version's code (version 1 is the first).
  if (Number(v?.value ?? 1) !== SEARCH_VERSION) await reindexPostingSearch();
}

// ------------------------------------------------------------------ reads

export async function getPostingRow(id: string): Promise<Posting | null> {
  if (!isUuid(id)) return null;
  const [p] = await getDb().select().from(postings).where(eq(postings.id, id));
  return p ?? null;
}

/** A posting as its viewer may see it, or null (absent, or hidden from this viewer: answer 404). */
export async function getPostingForViewer(actor: Actor, id: string, now = new Date()) {
  if (!isUuid(id)) return null;
  const db = getDb();
  const [row] = await db
    .select({
      posting: postings,
      cluster: { id: clusters.id, slug: clusters.slug, name: clusters.name, contactName: clusters.contactName, contactEmail: clusters.contactEmail },
    })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(eq(postings.id, id));
  if (!row || !canSeePosting(actor, row.posting)) return null;
  const p = row.posting;
  const [contact] = p.contactUserId ? await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, p.contactUserId)) : [];
  const manage = canManagePosting(actor, p);
  const history = canSeeHistory(actor, p) ? await getPostingHistory(p.id) : null;
  const { searchText: _s, searchTerms: _t, externalRef: _e, ...visible } = p;
  return {
    posting: { ...visible, status: effectiveStatus(p, now) },
    cluster: row.cluster,
    contact: contact ?? (row.cluster.contactName ? { name: row.cluster.contactName, email: row.cluster.contactEmail } : null),
    // What the owning cluster may do; `draftProblem`: why a draft cannot be published as it stands.
    actions: manage ? { ...availableActions(p, now), draftProblem: p.status === "draft" ? openingProblem(p, now) : null } : null,
    history,
  };
}

export interface HistoryEntry {
  id: number;
  action: string;
  at: Date;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function getPostingHistory(id: string): Promise<HistoryEntry[]> {
  const rows = await getDb()
    .select({ id: auditLog.id, action: auditLog.action, at: auditLog.at, actorName: users.name, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entity, "posting"), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(200);
  return rows as HistoryEntry[];
}

/** People who can be named as a posting's contact: the cluster's active accounts. */
export async function listContactOptions(clusterId: string) {
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.clusterId, clusterId), isNull(users.deactivatedAt)))
    .orderBy(asc(users.name));
}
