/**
 * Who sees and manages which posting. Pure rules on top of the permission matrix, used by the
 * queries (the same rules are written in SQL in browse.server.ts) and by the pages.
 */
import { can, type Actor } from "~/modules/auth/permissions";
import type { Category, PostingKind } from "./constants";
import { EXPIRING_STATUSES, RENEW_WINDOW_DAYS, RENEWABLE_STATUSES, REOPEN_DAYS, TRANSITIONS, type PostingStatus, type Visibility } from "./constants";

export interface PostingAccessFields {
  clusterId: string;
  visibility: Visibility;
  status: PostingStatus;
  expiresAt: Date | string | null;
  /** When it was closed (a closed posting can be reopened for REOPEN_DAYS). */
  closedAt?: Date | string | null;
}

const DAY_MS = 86_400_000;

/** `open`/`paused` postings past their expiry date are expired, whether or not the sweep has run yet. */
export function effectiveStatus(p: Pick<PostingAccessFields, "status" | "expiresAt">, now = new Date()): PostingStatus {
  if (EXPIRING_STATUSES.includes(p.status) && p.expiresAt && new Date(p.expiresAt).getTime() <= now.getTime()) return "expired";
  return p.status;
}

export function isOwner(actor: Actor, p: Pick<PostingAccessFields, "clusterId">): boolean {
  return !!actor.clusterId && actor.clusterId === p.clusterId && (actor.role === "member" || actor.role === "cluster_admin");
}

/**
 * The owning cluster sees everything of its own; the coordination sees every posting; other
 * clusters see network postings that are not drafts; funders see none.
 */
export function canSeePosting(actor: Actor, p: PostingAccessFields): boolean {
  if (!can(actor, "postings:view")) return false;
  // Confidential postings and drafts: the owning cluster and the coordination only.
  if (p.visibility === "coordinator" || p.status === "draft") return can(actor, "postings:confidential", { clusterId: p.clusterId });
  return true;
}

export function canManagePosting(actor: Actor, p: Pick<PostingAccessFields, "clusterId">): boolean {
  return can(actor, "postings:manage", { clusterId: p.clusterId });
}

export function canSeeHistory(actor: Actor, p: Pick<PostingAccessFields, "clusterId">): boolean {
  return can(actor, "postings:history", { clusterId: p.clusterId });
}

/** Until when a closed posting can be reopened (null: it cannot, or is not closed). */
export function reopenUntil(p: Pick<PostingAccessFields, "status" | "closedAt">): Date | null {
  if (p.status !== "closed" || !p.closedAt) return null;
  return new Date(new Date(p.closedAt).getTime() + REOPEN_DAYS * DAY_MS);
}

/**
 * Renewal is offered when it means something: the posting has expired, or it expires within
 * RENEW_WINDOW_DAYS (renewing a posting published today would change nothing).
 */
export function canRenewNow(p: Pick<PostingAccessFields, "status" | "expiresAt">, now = new Date()): boolean {
  const status = effectiveStatus(p, now);
  if (!RENEWABLE_STATUSES.includes(status)) return false;
  if (status === "expired") return true;
  return !!p.expiresAt && new Date(p.expiresAt).getTime() - now.getTime() <= RENEW_WINDOW_DAYS * DAY_MS;
}

/** What the owning cluster can do with a posting now. */
export function availableActions(p: PostingAccessFields, now = new Date()) {
  const status = effectiveStatus(p, now);
  const until = reopenUntil(p);
  const canReopen = !!until && until.getTime() > now.getTime();
  return {
    status,
    transitions: status === "closed" ? (canReopen ? TRANSITIONS.closed : []) : TRANSITIONS[status],
    canEdit: status !== "closed",
    canRenew: canRenewNow(p, now),
    canDelete: status === "draft",
    /** A closed posting: until when it can be reopened (ISO), null once too late. */
    reopenUntil: canReopen ? until!.toISOString() : null,
  };
}

/** A posting whose kind and category are known: every posting but a draft not completed yet. */
export function isComplete<T extends { kind: PostingKind | null; category: Category | null }>(p: T): p is T & { kind: PostingKind; category: Category } {
  return p.kind !== null && p.category !== null;
}
