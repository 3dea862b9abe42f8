/** Reading joint applications: the list a person may see, one application in full, the joint-grant needs. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import {
  applicationComments,
  applicationDocuments,
  applicationMembers,
  applicationStageChanges,
  clusters,
  funders,
  jointApplications,
  matches,
  postings,
  programmeCalls,
  programmes,
  users,
} from "@db/schema";
import { can, type Actor } from "~/modules/auth/permissions";
import { decisionsOf, milestonesOf } from "./application-decisions.server";
import { boardStage, type ApplicationStage, type BoardStage } from "./stages";
import { isUuid } from "~/modules/validation/input";

export interface ApplicationListFilter {
  /** Where the board puts it (a closed application keeps its decision; "withdrawn" before one). */
  stage?: BoardStage;
  programmeId?: string;
}

/** The stage a closed application was closed from, as a column of a query on joint_applications. */
export const closedFromColumn = sql<ApplicationStage | null>`(select c.from_stage from application_stage_changes c where c.application_id = ${jointApplications.id} and c.to_stage = 'closed' and c.from_stage <> 'closed' order by c.at desc, c.id desc limit 1)`;

/** The applications this person may see: all for the coordination, their consortiums' for cluster people. */
export async function listApplications(actor: Actor, filter: ApplicationListFilter = {}, db: Tx = getDb()) {
  if (!can(actor, "funding:applications")) return [];
  const scope = can(actor, "funding:manage")
    ? undefined
    : sql`${jointApplications.id} in (select application_id from application_members where cluster_id = ${actor.clusterId})`;
  const rows = await db
    .select({
      id: jointApplications.id,
      title: jointApplications.title,
      stage: jointApplications.stage,
      stageChangedAt: jointApplications.stageChangedAt,
      deadline: jointApplications.deadline,
      amountRequested: jointApplications.amountRequested,
      amountAwarded: jointApplications.amountAwarded,
      programmeId: jointApplications.programmeId,
      programmeText: jointApplications.programmeText,
      programmeNameFr: programmes.nameFr,
      programmeNameEn: programmes.nameEn,
      funderNameFr: funders.nameFr,
      funderNameEn: funders.nameEn,
      leadClusterId: jointApplications.leadClusterId,
      leadClusterName: clusters.name,
      updatedAt: jointApplications.updatedAt,
      members: sql<number>`(select count(*) from application_members m where m.application_id = ${jointApplications.id})`.mapWith(Number),
      closedFrom: closedFromColumn,
    })
    .from(jointApplications)
    .innerJoin(clusters, eq(clusters.id, jointApplications.leadClusterId))
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .leftJoin(funders, eq(funders.id, programmes.funderId))
    .where(and(scope, filter.programmeId ? eq(jointApplications.programmeId, filter.programmeId) : undefined))
    .orderBy(desc(jointApplications.updatedAt));
  const out = rows.map((r) => ({ ...r, boardStage: boardStage(r.stage, r.closedFrom) }));
  return filter.stage ? out.filter((r) => r.boardStage === filter.stage) : out;
}

export async function getApplicationDetail(id: string, db: Tx = getDb()) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ app: jointApplications, programme: programmes, funder: funders, call: programmeCalls, lead: { id: clusters.id, name: clusters.name, slug: clusters.slug } })
    .from(jointApplications)
    .innerJoin(clusters, eq(clusters.id, jointApplications.leadClusterId))
    .leftJoin(programmes, eq(programmes.id, jointApplications.programmeId))
    .leftJoin(funders, eq(funders.id, programmes.funderId))
    .leftJoin(programmeCalls, eq(programmeCalls.id, jointApplications.callId))
    .where(eq(jointApplications.id, id))
    .limit(1);
  if (!row) return null;
  const [members, changes, comments, documents, decisions, milestones, sourceMatch] = await Promise.all([
    db
      .select({ clusterId: applicationMembers.clusterId, role: applicationMembers.role, name: clusters.name, slug: clusters.slug, addedAt: applicationMembers.addedAt })
      .from(applicationMembers)
      .innerJoin(clusters, eq(clusters.id, applicationMembers.clusterId))
      .where(eq(applicationMembers.applicationId, id))
      .orderBy(asc(clusters.name)),
    db
      .select({ id: applicationStageChanges.id, fromStage: applicationStageChanges.fromStage, toStage: applicationStageChanges.toStage, at: applicationStageChanges.at, note: applicationStageChanges.note, byName: users.name })
      .from(applicationStageChanges)
      .leftJoin(users, eq(users.id, applicationStageChanges.byUserId))
      .where(eq(applicationStageChanges.applicationId, id))
      .orderBy(asc(applicationStageChanges.at), asc(applicationStageChanges.id)),
    db
      .select({ id: applicationComments.id, body: applicationComments.body, audience: applicationComments.audience, createdAt: applicationComments.createdAt, authorName: users.name, authorRole: users.role, authorClusterId: users.clusterId })
      .from(applicationComments)
      .leftJoin(users, eq(users.id, applicationComments.authorId))
      .where(eq(applicationComments.applicationId, id))
      .orderBy(asc(applicationComments.createdAt), asc(applicationComments.id)),
    db
      .select({ id: applicationDocuments.id, label: applicationDocuments.label, url: applicationDocuments.url, createdAt: applicationDocuments.createdAt })
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, id))
      .orderBy(asc(applicationDocuments.createdAt)),
    decisionsOf(db, id),
    milestonesOf(db, id),
    row.app.sourceMatchId
      ? db.select({ id: matches.id, status: matches.status, type: matches.type }).from(matches).where(eq(matches.id, row.app.sourceMatchId)).then((r) => r[0] ?? null)
      : Promise.resolve(null),
  ]);
  // The lead first.
  members.sort((a, b) => Number(b.clusterId === row.app.leadClusterId) - Number(a.clusterId === row.app.leadClusterId));
  const closedFrom = row.app.stage === "closed" ? ([...changes].reverse().find((c) => c.toStage === "closed" && c.fromStage && c.fromStage !== "closed")?.fromStage ?? null) : null;
  return {
    ...row.app,
    programme: row.programme,
    funder: row.funder,
    call: row.call,
    lead: row.lead,
    members,
    changes,
    comments,
    documents,
    /** Newest first; the first is the decision in force while the application stands at (or was closed after) one. */
    decisions,
    milestones,
    sourceMatch,
    closedFrom,
    boardStage: boardStage(row.app.stage, closedFrom),
  };
}
export type ApplicationDetail = NonNullable<Awaited<ReturnType<typeof getApplicationDetail>>>;

/** Open joint-grant needs, to start an application from the clusters that posted them. */
export async function listJointGrantNeeds(db: Tx = getDb()) {
  return db
    .select({ id: postings.id, title: postings.title, programme: postings.programme, deadline: postings.deadline, clusterId: postings.clusterId, clusterName: clusters.name })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(and(eq(postings.category, "joint_grant"), eq(postings.kind, "need"), inArray(postings.status, ["open", "matched"])))
    .orderBy(asc(postings.deadline), asc(clusters.name))
    .limit(200);
}
