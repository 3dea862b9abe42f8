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
  | "team:manage" // a cluster's team: colleagues, invitations, deactivation (clusterId: the cluster; cluster admins their own only)
  | "network:coordinate" // coordinator tools: all clusters, all invitations, settings
  | "devmail:view"
  | "postings:view" // browse, search, export and read postings (which ones: postings/access.ts)
  | "postings:manage" // create, edit, publish, pause, close, renew, delete a cluster's postings (clusterId: the owner)
  | "postings:history" // a posting's audit history (clusterId: the owner)
  | "postings:confidential" // see `coordinator`-visibility postings (clusterId: the owner)
  | "postings:import" // bulk import from CSV/JSON (clusterId: a row's cluster — cluster people their own only)
  | "funding:manage" // funders, programmes and calls; create applications; see every application
  | "funding:applications" // the list of joint applications (cluster people: their consortiums' only)
  | "funding:application:view" // read and comment one application (clusterIds: its consortium)
  | "funding:application:edit" // move stages, amounts, members, documents (clusterId: the lead cluster)
  | "funding:pipeline" // the read-only pipeline of a funder's programmes (funderId: the programme's funder)
  | "funding:decide" // record the decision, milestones and the funder's comments on an application (funderId, funderHasAccount)
  | "brokering:queue" // the coordinator's queue of proposed matches: decide, create by hand, settings
  | "lexicon:manage" // the network lexicon the matcher uses: see, add, mark different, undo
  | "brokering:impact" // the impact dashboard and its exports, the network's health
  | "impact:report" // the inter-cluster committee's report (the coordination and the clusters' administrators, who sit on it)
  | "brokering:introductions" // a cluster's introductions (clusterIds: the match's clusters, when checking one)
  | "brokering:respond" // answer an introduction for one's cluster (clusterIds: the match's clusters)
  | "brokering:outcome"; // record a match's outcome (clusterIds: the match's clusters)

/** What a permission is checked against: the owning cluster, a consortium, a programme's funder. */
export interface PermissionContext {
  clusterId?: string | null;
  clusterIds?: readonly string[];
  funderId?: string | null;
  /** Whether the programme's funder has at least one account on the platform (funding:decide). */
  funderHasAccount?: boolean;
}

export const COORDINATION: readonly Role[] = ["coordinator", "admin"];
export const CLUSTER_ROLES: readonly Role[] = ["member", "cluster_admin"];

export function isCoordination(actor: Pick<Actor, "role">): boolean {
  return COORDINATION.includes(actor.role);
}

/** May `actor` do `permission`, optionally on the resource owned by `clusterId`? */
export function can(actor: Actor, permission: Permission, ctx: PermissionContext = {}): boolean {
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
    case "team:manage":
      if (isCoordination(actor)) return true;
      return actor.role === "cluster_admin" && !!actor.clusterId && (ctx.clusterId === undefined || ctx.clusterId === actor.clusterId);
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
      // The coordination imports for any cluster; cluster people import their own cluster's postings.
      if (isCoordination(actor)) return true;
      if (!CLUSTER_ROLES.includes(actor.role) || !actor.clusterId) return false;
      return ctx.clusterId === undefined || ctx.clusterId === actor.clusterId;
    case "funding:manage":
      return isCoordination(actor);
    case "funding:applications":
      return isCoordination(actor) || (CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId);
    case "funding:application:view":
      // The coordination, and the people of the consortium's clusters. Funders use the pipeline.
      if (isCoordination(actor)) return true;
      return CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId && (ctx.clusterIds ?? []).includes(actor.clusterId);
    case "funding:application:edit":
      // The coordination and the lead cluster's people.
      if (isCoordination(actor)) return true;
      return CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId && actor.clusterId === ctx.clusterId;
    case "funding:pipeline":
      // The coordination sees every funder's pipeline; a funder only its own programmes'.
      if (isCoordination(actor)) return true;
      if (actor.role !== "funder" || !actor.funderId) return false;
      return ctx.funderId === undefined || ctx.funderId === actor.funderId;
    case "funding:decide":
      // The programme's funder decides. The coordination records a decision only for a funder with no
      // account here (an unlisted programme, or a funder not yet invited), as that funder announced it.
      if (actor.role === "funder") return !!actor.funderId && ctx.funderId === actor.funderId;
      return isCoordination(actor) && ctx.funderHasAccount === false;
    case "brokering:queue":
    case "brokering:impact":
    case "lexicon:manage":
      return isCoordination(actor);
    case "impact:report":
      return isCoordination(actor) || actor.role === "cluster_admin";
    case "brokering:introductions":
      // Cluster people see their own cluster's introductions; the coordination uses the queue.
      if (!CLUSTER_ROLES.includes(actor.role) || !actor.clusterId) return false;
      return ctx.clusterIds === undefined || ctx.clusterIds.includes(actor.clusterId);
    case "brokering:respond":
      // Only a party answers for itself (the coordinator never answers on a cluster's behalf).
      return CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId && (ctx.clusterIds ?? []).includes(actor.clusterId);
    case "brokering:outcome":
      if (isCoordination(actor)) return true;
      return CLUSTER_ROLES.includes(actor.role) && !!actor.clusterId && (ctx.clusterIds ?? []).includes(actor.clusterId);
  }
}

/** Which roles `actor` may grant in an invitation. */
export function grantableRoles(actor: Pick<Actor, "role">): Role[] {
  if (actor.role === "admin") return ["member", "cluster_admin", "coordinator", "funder", "admin"];
  if (actor.role === "coordinator") return ["member", "cluster_admin", "coordinator", "funder"];
  if (actor.role === "cluster_admin") return ["member", "cluster_admin"];
  return [];
}
