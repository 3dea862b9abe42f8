import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ApplicationFacts, StageHistory } from "~/components/funding/application-parts";
import { AttachProgrammeForm, CommentsSection, DocumentsSection, EditApplicationForm, MembersSection, MoveForm, type ApplicationActionData } from "~/components/funding/application-forms";
import { DecisionPanel, FunderThread, MilestonesSection } from "~/components/funding/decision-parts";
import { StageBadge } from "~/components/funding/pipeline-views";
import { ErrorSummary } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { can } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import {
  addComment,
  addDocument,
  applicationLink,
  attachProgramme,
  canDecide,
  canEdit,
  getApplicationAccess,
  getApplicationDetail,
  localiseFailure,
  moveStage,
  removeDocument,
  removeMember,
  setMember,
  updateApplication,
} from "~/modules/funding/applications.server";
import { DECIDE_INTENTS, DECIDE_NOTICES, isDecideIntent } from "~/modules/funding/funder-intents";
import { runDecideIntent } from "~/modules/funding/funder-intents.server";
import { todayIso } from "~/modules/funding/metrics";
import { listProgrammeOptions } from "~/modules/funding/programmes.server";
import { allowedMoves } from "~/modules/funding/stages";
import { attachProgrammeSchema, commentSchema, documentSchema, memberSchema, moveSchema, updateApplicationSchema } from "~/modules/funding/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import type { Result } from "~/modules/result";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.app.title);

/** Sign-in first (anonymous → sign-in page), then the application's consortium or the coordination; anyone else: 404. */
async function authorise(request: Request, id: string | undefined) {
  await requireUser(request);
  const access = await getApplicationAccess(id ?? "");
  if (!access) throw notFound();
  const user = await requireUser(request, { permission: "funding:application:view", clusterIds: access.clusterIds, hide: true });
  return { user, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const app = await getApplicationDetail(access.id);
  if (!app) throw notFound();
  const edit = canEdit(user, access);
  const manage = can(user, "funding:manage");
  const [clusters, programmes] = await Promise.all([edit ? listClusters() : Promise.resolve([]), manage ? listProgrammeOptions() : Promise.resolve([])]);
  return json({
    app: { ...app, thread: app.comments.filter((c) => c.audience === "funder"), comments: app.comments.filter((c) => c.audience === "consortium") },
    edit,
    manage,
    /** The coordination records the decision only for a funder with no account here. */
    decide: canDecide(user, access),
    hasFunderAccount: access.funderHasAccount,
    today: todayIso(),
    moves: edit ? allowedMoves(app.stage, app.closedFrom) : [],
    clusters: clusters.filter((c) => !app.members.some((m) => m.clusterId === c.id)).map((c) => ({ id: c.id, name: c.name })),
    programmes,
  });
}

const INTENTS = ["move", "update", "attachProgramme", "addMember", "removeMember", "comment", "funderComment", "addDocument", "removeDocument", ...DECIDE_INTENTS] as const;

const NOTICES: Record<(typeof INTENTS)[number], MessageKey> = {
  ...DECIDE_NOTICES,
  move: "funding.notice.moved",
  update: "funding.notice.saved",
  attachProgramme: "funding.notice.programmeAttached",
  addMember: "funding.notice.memberAdded",
  removeMember: "funding.notice.memberRemoved",
  comment: "funding.notice.commentAdded",
  funderComment: "funding.notice.messageSent",
  addDocument: "funding.notice.documentAdded",
  removeDocument: "funding.notice.documentRemoved",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const form = await readForm(request);
  const which = z.enum(INTENTS).safeParse(form.get("intent"));
  if (!which.success) return invalid({ _form: { key: "errorPage.400.body" } }, {}, { intent: "" });
  const intent = which.data;
  const locale = negotiateLocale(request, user.locale);
  const respond = (result: Result<unknown>, values: Record<string, string>) =>
    result.ok ? redirectWithNotice(applicationLink(access.id), NOTICES[intent]) : failureResponse(localiseFailure(result, locale), values, { intent });
  const parse = <S extends z.ZodTypeAny>(schema: S) => parseFormData(form, schema);
  const id = access.id;
  switch (intent) {
    case "move": {
      const p = parse(moveSchema);
      return p.ok ? respond(await moveStage(user, id, p.data), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "update": {
      const p = parse(updateApplicationSchema);
      return p.ok ? respond(await updateApplication(user, id, p.data), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "attachProgramme": {
      const p = parse(attachProgrammeSchema);
      return p.ok ? respond(await attachProgramme(user, id, p.data), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "addMember": {
      const p = parse(memberSchema);
      return p.ok ? respond(await setMember(user, id, p.data), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "removeMember": {
      const p = parse(memberSchema);
      return p.ok ? respond(await removeMember(user, id, p.data.clusterId), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "comment":
    case "funderComment": {
      const p = parse(commentSchema);
      return p.ok ? respond(await addComment(user, id, p.data.body, new Date(), intent === "funderComment" ? "funder" : "consortium"), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "addDocument": {
      const p = parse(documentSchema);
      return p.ok ? respond(await addDocument(user, id, p.data), p.values) : invalid(p.errors, p.values, { intent });
    }
    case "removeDocument": {
      const p = parse(z.object({ documentId: z.string().uuid("error.invalid") }));
      return p.ok ? respond(await removeDocument(user, id, p.data.documentId), p.values) : invalid(p.errors, p.values, { intent });
    }
    // The funder's forms, here for the coordination recording on behalf of a funder with no account.
    default: {
      if (!isDecideIntent(intent)) return invalid({ _form: { key: "errorPage.400.body" } }, {}, { intent: "" });
      const d = await runDecideIntent(user, id, intent, form);
      return d.parsed ? respond(d.result, d.values) : invalid(d.errors, d.values, { intent });
    }
  }
}

export default function ApplicationPage() {
  const { app, edit, manage, decide, hasFunderAccount, today, moves, clusters, programmes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ApplicationActionData | undefined;
  const { t, dateTime } = useI18n();
  const awarded = app.boardStage === "awarded" && app.amountAwarded !== null;
  return (
    <article className="fd-application">
      <p>
        <Link to="/funding">← {t("funding.applications.back")}</Link>
      </p>
      <h1>{app.title}</h1>
      <p className="fd-status-line">
        <StageBadge stage={app.boardStage} closed={app.stage === "closed"} /> <span className="small muted">{t("funding.board.since", { date: dateTime(app.stageChangedAt) })}</span>
      </p>
      {result && !result.ok && !result.intent ? <ErrorSummary errors={result.errors} /> : null}
      {app.summary ? <p className="lead">{app.summary}</p> : null}
      {manage && app.sourceMatch ? (
        <p className="small">
          {t("funding.fromMatch.madeFrom")} <Link to={`/coordination/matches/${app.sourceMatch.id}`}>{t("funding.fromMatch.seeMatch")}</Link>
        </p>
      ) : null}
      <ApplicationFacts app={app} />
      {app.funder || app.decisions.length || decide ? (
        <DecisionPanel stage={app.stage} closedFrom={app.closedFrom} decisions={app.decisions} version={app.version} canDecide={decide} hasFunderAccount={hasFunderAccount} />
      ) : null}
      <MilestonesSection milestones={app.milestones} canDecide={decide} awarded={awarded} today={today} />
      {edit ? <MoveForm app={app} moves={moves} /> : null}
      {edit ? <EditApplicationForm app={app} /> : null}
      {manage ? <AttachProgrammeForm app={app} programmes={programmes} /> : null}
      <MembersSection app={app} edit={edit} clusters={clusters} />
      <DocumentsSection app={app} edit={edit} />
      {app.funder ? <FunderThread comments={app.thread} canWrite funderSide={false} /> : null}
      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("funding.history.title")}</h2>
        <StageHistory changes={app.changes} />
      </section>
      <CommentsSection app={app} />
    </article>
  );
}
