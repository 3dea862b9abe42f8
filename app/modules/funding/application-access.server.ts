/** Who may see and change a joint application: what the permission check needs to know about it. */
import { and, count, eq } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { applicationMembers, jointApplications, programmes, users } from "@db/schema";
import { can, type Actor } from "~/modules/auth/permissions";
import { isUuid } from "~/modules/validation/input";


/** Partners a joint application needs when its programme is not listed. */
export const DEFAULT_MIN_PARTNERS = 2;

export interface ApplicationAccess {
  id: string;
  leadClusterId: string;
  /** The consortium, lead included. */
  clusterIds: string[];
  programmeId: string | null;
  /** The funder of its programme; null for an unlisted programme (no funder sees it). */
  funderId: string | null;
  /** Whether that funder has an account here (else the coordination records its decision). */
  funderHasAccount: boolean;
}

/** Does this funder have at least one account on the platform? */
export async function funderHasAccount(funderId: string | null, db: Tx = getDb()): Promise<boolean> {
  if (!funderId) return false;
  const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.funderId, funderId), eq(users.role, "funder")));
  return (row?.n ?? 0) > 0;
}

/** What the permission check needs to know about an application; null when it does not exist. */
export async function getApplicationAccess(id: string, db: Tx = getDb()): Promise<ApplicationAccess | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ id: jointApplications.id, leadClusterId: jointApplications.leadClusterId, programmeId: jointApplications.programmeId, funderId: programmes.funderId })
    .from(jointApplications)
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .where(eq(jointApplications.id, id))
    .limit(1);
  if (!row) return null;
  const members = await db.select({ clusterId: applicationMembers.clusterId }).from(applicationMembers).where(eq(applicationMembers.applicationId, id));
  const funderId = row.funderId ?? null;
  return {
    ...row,
    funderId,
    funderHasAccount: await funderHasAccount(funderId, db),
    clusterIds: [...new Set([row.leadClusterId, ...members.map((m) => m.clusterId)])],
  };
}

export function canView(actor: Actor, access: ApplicationAccess) {
  return can(actor, "funding:application:view", { clusterIds: access.clusterIds });
}
export function canEdit(actor: Actor, access: ApplicationAccess) {
  return can(actor, "funding:application:edit", { clusterId: access.leadClusterId });
}
/** The funder's powers: decide, milestones, the funder's comments (funding:decide). */
export function canDecide(actor: Actor, access: Pick<ApplicationAccess, "funderId" | "funderHasAccount">) {
  return can(actor, "funding:decide", { funderId: access.funderId, funderHasAccount: access.funderHasAccount });
}
