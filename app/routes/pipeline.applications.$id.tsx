import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ApplicationFacts, StageHistory } from "~/components/funding/application-parts";
import { DecisionPanel, FunderThread, MilestonesSection } from "~/components/funding/decision-parts";
import { StageBadge } from "~/components/funding/pipeline-views";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { addFunderComment, canDecide, funderApplicationLink, getApplicationAccess, getApplicationDetail, localiseFailure } from "~/modules/funding/applications.server";
import { DECIDE_NOTICES, isDecideIntent } from "~/modules/funding/funder-intents";
import { runDecideIntent } from "~/modules/funding/funder-intents.server";
import { todayIso } from "~/modules/funding/metrics";
import { commentSchema } from "~/modules/funding/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import type { Result } from "~/modules/result";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.app.title);

/** Sign-in first, then the funder of the application's programme (or the coordination); anyone else: 404. */
async function authorise(request: Request, id: string | undefined) {
  await requireUser(request, { permission: "funding:pipeline", hide: true });
  const access = await getApplicationAccess(id ?? "");
  if (!access) throw notFound();
  const user = await requireUser(request, { permission: "funding:pipeline", funderId: access.funderId, hide: true });
  return { user, access };
}

/**
 * A funder's page of one application to its programmes: the facts, the consortium, the dates of the
 * stage history, and the funder's own work — the decision, the reporting milestones, the exchange with
 * the consortium. Not the consortium's internal comments, stage notes or working documents.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const d = await getApplicationDetail(access.id);
  if (!d) throw notFound();
  return json({
    canDecide: canDecide(user, access),
    hasFunderAccount: access.funderHasAccount,
    today: todayIso(),
    app: {
      id: d.id,
      title: d.title,
      summary: d.summary,
      stage: d.stage,
      boardStage: d.boardStage,
      closedFrom: d.closedFrom,
      version: d.version,
      stageChangedAt: d.stageChangedAt,
      deadline: d.deadline,
      amountRequested: d.amountRequested,
      amountAwarded: d.amountAwarded,
      cofinancingPublic: d.cofinancingPublic,
      cofinancingClusters: d.cofinancingClusters,
      cofinancingFirms: d.cofinancingFirms,
      programmeText: d.programmeText,
      programme: d.programme ? { nameFr: d.programme.nameFr, nameEn: d.programme.nameEn, maxPerProject: d.programme.maxPerProject, minPartners: d.programme.minPartners } : null,
      funder: d.funder ? { nameFr: d.funder.nameFr, nameEn: d.funder.nameEn } : null,
      call: d.call ? { labelFr: d.call.labelFr, labelEn: d.call.labelEn } : null,
      leadClusterId: d.leadClusterId,
      members: d.members.map((m) => ({ clusterId: m.clusterId, name: m.name, role: m.role })),
      changes: d.changes.map((c) => ({ id: c.id, fromStage: c.fromStage, toStage: c.toStage, at: c.at })),
      decisions: d.decisions,
      milestones: d.milestones.map((m) => ({ id: m.id, kind: m.kind, label: m.label, dueOn: m.dueOn, doneOn: m.doneOn })),
      thread: d.comments.filter((c) => c.audience === "funder").map((c) => ({ id: c.id, body: c.body, createdAt: c.createdAt, authorName: c.authorName, authorRole: c.authorRole })),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, access } = await authorise(request, params.id);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent !== "funderComment" && !isDecideIntent(intent)) return invalid({ _form: { key: "errorPage.400.body" } }, {}, { intent: "" });
  const locale = negotiateLocale(request, user.locale);
  const respond = (r: Result<unknown>, values: Record<string, string>) =>
    r.ok ? redirectWithNotice(funderApplicationLink(access.id), intent === "funderComment" ? "funding.notice.messageSent" : DECIDE_NOTICES[intent]) : failureResponse(localiseFailure(r, locale), values, { intent });
  if (intent === "funderComment") {
    const p = parseFormData(form, commentSchema);
    return p.ok ? respond(await addFunderComment(user, access.id, p.data.body), p.values) : invalid(p.errors, p.values, { intent });
  }
  const done = await runDecideIntent(user, access.id, intent, form);
  return done.parsed ? respond(done.result, done.values) : invalid(done.errors, done.values, { intent });
}

export default function FunderApplication() {
  const { app, canDecide, hasFunderAccount, today } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <article className="fd-application">
      <p>
        <Link to="/pipeline">← {t("funding.pipeline.back")}</Link>
      </p>
      <h1>{app.title}</h1>
      <p className="fd-status-line">
        <StageBadge stage={app.boardStage} closed={app.stage === "closed"} />
      </p>
      {app.summary ? <p className="lead">{app.summary}</p> : null}
      <ApplicationFacts app={app} />
      <DecisionPanel stage={app.stage} closedFrom={app.closedFrom} decisions={app.decisions} version={app.version} canDecide={canDecide} hasFunderAccount={hasFunderAccount} />
      <MilestonesSection milestones={app.milestones} canDecide={canDecide} awarded={app.boardStage === "awarded" && app.amountAwarded !== null} today={today} />
      <FunderThread comments={app.thread} canWrite={canDecide} funderSide />
      <section aria-labelledby="members-title" className="section">
        <h2 id="members-title">{t("funding.members.title")}</h2>
        <ul className="fd-members">
          {app.members.map((m) => (
            <li key={m.clusterId}>
              <strong>{m.name}</strong>
              {m.clusterId === app.leadClusterId ? <span className="fd-tag">{t("funding.members.lead")}</span> : null}
              {m.role ? <span className="muted"> — {m.role}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("funding.history.title")}</h2>
        <StageHistory changes={app.changes} />
      </section>
    </article>
  );
}
