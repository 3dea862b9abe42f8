/**
 * The permission matrix: pure, shared by the server helper and the UI (to hide what a user cannot do).
 * Every loader and action goes through `requireUser` (require-user.server.ts), which calls `can`.
 */
import type { Role } from "@db/schema";

export interface Actor {
  id: string;
  role: Role;
  clusterId: string | null;
  funderId: string | null;
}

export type Permission =
  | "clusters:view" // the directory and profiles
  | "cluster:edit" // edit one cluster's profile (needs clusterId)
  | "invitations:manage" // list/create/revoke invitations (cluster admins: their own cluster only)
  | "network:coordinate" // coordinator tools: all clusters, all invitations, settings
  | "devmail:view"
  | "postings:view" // browse, search, export and read postings (which ones: postings/access.ts)
  | "postings:manage" // create, edit, publish, pause, close, renew, delete a cluster's postings (clusterId: the owner)
  | "postings:history" // a posting's audit history (clusterId: the owner)
  | "postings:confidential" // see `coordinator`-visibility postings (clusterId: the owner)
  | "postings:import"; // bulk import from CSV/JSON

export const COORDINATION: readonly Role[] = ["coordinator", "admin"];
export const CLUSTER_ROLES: readonly Role[] = ["member", "cluster_admin"];

export function isCoordination(actor: Pick<Actor, "role">): boolean {
  return COORDINATION.includes(actor.role);
}

/** May `actor` do `permission`, optionally on the resource owned by `clusterId`? */
export function can(actor: Actor, permission: Permission, ctx: { clusterId?: string | null } = {}): boolean {
  switch (permission) {
    case "clusters:view":
      // Funders see their programmes' pipeline and nothing else.
      return actor.role !== "funder";
    case "cluster:edit":
      if (isCoordination(actor)) return true;
      return actor.role === "cluster_admin" && !!ctx.clusterId && actor.clusterId === ctx.clusterId;
    case "invitations:manage":
      if (isCoordination(actor)) return true;
      if (actor.role !== "cluster_admin" || !actor.clusterId) return false;
      return ctx.clusterId === undefined || ctx.clusterId === actor.clusterId;
    case "network:coordinate":
      return isCoordination(actor);
    case "devmail:view":
      return true;
    case "postings:view":
      // Funders follow their programmes' pipeline and see no postings.
      return actor.role !== "funder";
    case "postings:manage":
      // Only people of the owning cluster; without a clusterId: may this person post at all?
      if (!CLUSTER_ROLES.includes(actor.role) || !actor.clusterId) return false;
      return ctx.clusterId === undefined || ctx.clusterId === actor.clusterId;
    case "postings:history":
    case "postings:confidential":
      if (isCoordination(actor)) return true;
      return CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId && actor.clusterId === ctx.clusterId;
    case "postings:import":
      return isCoordination(actor);
  }
}

/** Which roles `actor` may grant in an invitation. */
export function grantableRoles(actor: Pick<Actor, "role">): Role[] {
  if (actor.role === "admin") return ["member", "cluster_admin", "coordinator", "funder", "admin"];
  if (actor.role === "coordinator") return ["member", "cluster_admin", "coordinator", "funder"];
  if (actor.role === "cluster_admin") return ["member", "cluster_admin"];
  return [];
}
