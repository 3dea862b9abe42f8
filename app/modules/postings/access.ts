/**
 * Who sees and manages which posting. Pure rules on top of the permission matrix, used by the
 * queries (the same rules are written in SQL in browse.server.ts) and by the pages.
 */
import { can, type Actor } from "~/modules/auth/permissions";
import { EXPIRING_STATUSES, RENEWABLE_STATUSES, TRANSITIONS, type PostingStatus, type Visibility } from "./constants";

export interface PostingAccessFields {
  clusterId: string;
  visibility: Visibility;
  status: PostingStatus;
  expiresAt: Date | string | null;
}

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

/** What the owning cluster can do with a posting now. */
export function availableActions(p: PostingAccessFields, now = new Date()) {
  const status = effectiveStatus(p, now);
  return {
    status,
    transitions: TRANSITIONS[status],
    canEdit: status !== "closed",
    canRenew: RENEWABLE_STATUSES.includes(status),
    canDelete: status === "draft",
  };
}
