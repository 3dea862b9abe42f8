/**
 * The funder's pipeline: the applications to one funder's programmes (or every funder's, for the
 * coordination), filtered by programme and period, with the metrics of metrics.ts and a CSV export.
 * Read-only, and limited to what a funder may know: no comments, notes or document links.
 */
import { and, asc, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { clusters, funders, fundingDecisions, type Locale } from "@db/schema";
import { applicationMembers, applicationStageChanges, jointApplications, programmeCalls, programmes } from "@db/schema";
import { translator, type MessageKey } from "~/modules/i18n";
import { localeCsv } from "./csv";
import {
  addDays,
  amountsByProgramme,
  boardStageOf,
  computeFunnel,
  daysBetween,
  furthestStage,
  medianTimeInStage,
  startOfDay,
  todayIso,
  totals,
  type ApplicationLike,
} from "./metrics";
import { PREPARATION_STAGES, type BoardStage } from "./stages";

export interface PipelineQuery {
  /** The funder whose programmes are shown; null: every funder (coordination only). */
  funderId: string | null;
  programmeId?: string;
  /** Applications started in this period (YYYY-MM-DD, both inclusive). */
  from?: string;
  to?: string;
  now?: Date;
}

export interface PipelineApplication extends ApplicationLike {
  /** Where the board puts it: a closed application keeps its decision; "withdrawn" before one. */
  boardStage: BoardStage;
  /** The decision in force (awarded or refused), when the funder recorded one. */
  decision: { outcome: "awarded" | "refused"; decidedAt: Date; conditions: string | null; reason: string | null } | null;
  title: string;
  deadline: string | null;
  stageChangedAt: Date;
  leadClusterName: string;
  memberNames: string[];
  programmeNameFr: string;
  programmeNameEn: string;
}

/** Programmes in scope, for the filter (a funder: its own; the coordination: all, or one funder's). */
export async function pipelineProgrammes(funderId: string | null, db: Tx = getDb()) {
  return db
    .select({
      id: programmes.id,
      funderId: programmes.funderId,
      nameFr: programmes.nameFr,
      nameEn: programmes.nameEn,
      envelope: programmes.envelope,
      maxPerProject: programmes.maxPerProject,
      minPartners: programmes.minPartners,
      active: programmes.active,
      funderNameFr: funders.nameFr,
      funderNameEn: funders.nameEn,
    })
    .from(programmes)
    .innerJoin(funders, eq(funders.id, programmes.funderId))
    .where(funderId ? eq(programmes.funderId, funderId) : undefined)
    .orderBy(asc(funders.nameFr), asc(programmes.nameFr));
}

/**
 * Everything the dashboard shows. Null when `programmeId` is not one of the funder's programmes
 * (the route answers 404: another funder's programme must not be revealed).
 */
export async function loadPipeline(q: PipelineQuery, db: Tx = getDb()) {
  const now = q.now ?? new Date();
  const today = todayIso(now);
  const allProgrammes = await pipelineProgrammes(q.funderId, db);
  if (q.programmeId && !allProgrammes.some((p) => p.id === q.programmeId)) return null;
  const inScope = q.programmeId ? allProgrammes.filter((p) => p.id === q.programmeId) : allProgrammes;
  const ids = inScope.map((p) => p.id);
  const names = new Map(inScope.map((p) => [p.id, p]));

  const rows = ids.length
    ? await db
        .select({
          id: jointApplications.id,
          title: jointApplications.title,
          programmeId: jointApplications.programmeId,
          stage: jointApplications.stage,
          stageChangedAt: jointApplications.stageChangedAt,
          deadline: jointApplications.deadline,
          amountRequested: jointApplications.amountRequested,
          amountAwarded: jointApplications.amountAwarded,
          cofinancingPublic: jointApplications.cofinancingPublic,
          cofinancingClusters: jointApplications.cofinancingClusters,
          cofinancingFirms: jointApplications.cofinancingFirms,
          createdAt: jointApplications.createdAt,
          leadClusterName: clusters.name,
        })
        .from(jointApplications)
        .innerJoin(clusters, eq(clusters.id, jointApplications.leadClusterId))
        .where(
          and(
            inArray(jointApplications.programmeId, ids),
            q.from ? gte(jointApplications.createdAt, startOfDay(q.from)) : undefined,
            q.to ? lt(jointApplications.createdAt, startOfDay(addDays(q.to, 1))) : undefined,
          ),
        )
        .orderBy(asc(jointApplications.createdAt))
    : [];
  const appIds = rows.map((r) => r.id);
  const [changes, members, decisions] = appIds.length
    ? await Promise.all([
        db
          .select({ applicationId: applicationStageChanges.applicationId, fromStage: applicationStageChanges.fromStage, toStage: applicationStageChanges.toStage, at: applicationStageChanges.at })
          .from(applicationStageChanges)
          .where(inArray(applicationStageChanges.applicationId, appIds))
          .orderBy(asc(applicationStageChanges.at), asc(applicationStageChanges.id)),
        db
          .select({ applicationId: applicationMembers.applicationId, name: clusters.name })
          .from(applicationMembers)
          .innerJoin(clusters, eq(clusters.id, applicationMembers.clusterId))
          .where(inArray(applicationMembers.applicationId, appIds))
          .orderBy(asc(clusters.name)),
        db
          .select({ applicationId: fundingDecisions.applicationId, outcome: fundingDecisions.outcome, decidedAt: fundingDecisions.decidedAt, conditions: fundingDecisions.conditions, reason: fundingDecisions.reason })
          .from(fundingDecisions)
          .where(inArray(fundingDecisions.applicationId, appIds))
          .orderBy(desc(fundingDecisions.decidedAt), desc(fundingDecisions.id)),
      ])
    : [[], [], []];

  const apps: PipelineApplication[] = rows.map((r) => {
    const p = names.get(r.programmeId!)!;
    const own = changes.filter((c) => c.applicationId === r.id);
    const boardStage = boardStageOf({ stage: r.stage, changes: own });
    const latest = decisions.find((d) => d.applicationId === r.id);
    const inForce = latest && ((boardStage === "awarded" && latest.outcome === "awarded") || (boardStage === "declined" && latest.outcome === "refused"));
    return {
      ...r,
      boardStage,
      decision: inForce ? { outcome: latest.outcome, decidedAt: latest.decidedAt, conditions: latest.conditions, reason: latest.reason } : null,
      programmeNameFr: p.nameFr,
      programmeNameEn: p.nameEn,
      changes: own,
      memberNames: members.filter((m) => m.applicationId === r.id).map((m) => m.name),
    };
  });

  const amounts = amountsByProgramme(apps, inScope);
  const calls = ids.length
    ? await db
        .select({ id: programmeCalls.id, programmeId: programmeCalls.programmeId, labelFr: programmeCalls.labelFr, labelEn: programmeCalls.labelEn, deadline: programmeCalls.deadline })
        .from(programmeCalls)
        .where(and(inArray(programmeCalls.programmeId, ids), gte(programmeCalls.deadline, today)))
        .orderBy(asc(programmeCalls.deadline))
    : [];
  // Applications in preparation per deadline (period filter aside: a deadline is about what comes).
  const preparing = ids.length
    ? await db
        .select({ programmeId: jointApplications.programmeId, deadline: jointApplications.deadline })
        .from(jointApplications)
        .where(and(inArray(jointApplications.programmeId, ids), inArray(jointApplications.stage, [...PREPARATION_STAGES]), gte(jointApplications.deadline, today)))
    : [];
  const deadlines = calls.slice(0, 12).map((c) => ({
    ...c,
    daysLeft: daysBetween(today, c.deadline),
    programmeNameFr: names.get(c.programmeId)!.nameFr,
    programmeNameEn: names.get(c.programmeId)!.nameEn,
    preparing: preparing.filter((a) => a.programmeId === c.programmeId && a.deadline === c.deadline).length,
  }));

  return {
    today,
    programmes: allProgrammes,
    inScope,
    apps,
    funnel: computeFunnel(apps),
    amounts,
    totals: totals(apps, amounts),
    times: medianTimeInStage(apps),
    deadlines,
  };
}
export type PipelineData = NonNullable<Awaited<ReturnType<typeof loadPipeline>>>;

/** The board: applications per board stage (a closed one under its decision, or "withdrawn"), most recently moved first. */
export function byStage(apps: readonly PipelineApplication[]): Record<BoardStage, PipelineApplication[]> {
  const out = { idea: [], consortium_formed: [], drafting: [], submitted: [], under_review: [], awarded: [], declined: [], withdrawn: [] } as Record<BoardStage, PipelineApplication[]>;
  for (const a of [...apps].sort((x, y) => y.stageChangedAt.getTime() - x.stageChangedAt.getTime())) out[a.boardStage].push(a);
  return out;
}

const CSV_COLUMNS = [
  "funding.csv.id",
  "funding.csv.title",
  "funding.csv.programme",
  "funding.csv.stage",
  "funding.csv.closed",
  "funding.csv.outcome",
  "funding.csv.lead",
  "funding.csv.members",
  "funding.csv.requested",
  "funding.csv.awarded",
  "funding.csv.cofinancingPublic",
  "funding.csv.cofinancingClusters",
  "funding.csv.cofinancingFirms",
  "funding.csv.deadline",
  "funding.csv.created",
  "funding.csv.stageSince",
  "funding.csv.daysInStage",
  "funding.csv.decidedOn",
  "funding.csv.conditions",
  "funding.csv.reason",
] as const satisfies readonly MessageKey[];

/**
 * One line per application, in the reader's language (headers, stage names, separators). "Stage" is
 * where the board shows it (a closed application keeps "Awarded"/"Refused", or "Withdrawn"), "File
 * closed" says whether it is closed, "Stage reached" the furthest stage (the funnel's).
 */
export function pipelineCsv(data: Pick<PipelineData, "apps" | "today">, locale: Locale): string {
  const t = translator(locale);
  const rows = data.apps.map((a) => [
    a.id,
    a.title,
    locale === "fr" ? a.programmeNameFr : a.programmeNameEn,
    t(`funding.stage.${a.boardStage}`),
    t(a.stage === "closed" ? "funding.csv.yes" : "funding.csv.no"),
    t(`funding.stage.${furthestStage(a)}`),
    a.leadClusterName,
    a.memberNames.join(" | "),
    a.amountRequested,
    a.amountAwarded,
    a.cofinancingPublic ?? null,
    a.cofinancingClusters ?? null,
    a.cofinancingFirms ?? null,
    a.deadline,
    todayIso(a.createdAt),
    todayIso(a.stageChangedAt),
    daysBetween(todayIso(a.stageChangedAt), data.today),
    a.decision ? todayIso(a.decision.decidedAt) : null,
    a.decision?.conditions ?? null,
    a.decision?.reason ?? null,
  ]);
  return localeCsv(
    locale,
    CSV_COLUMNS.map((k) => t(k)),
    rows,
  );
}
