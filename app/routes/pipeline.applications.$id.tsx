import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ApplicationFacts, StageHistory } from "~/components/funding/application-parts";
import { StageBadge } from "~/components/funding/pipeline-views";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getApplicationAccess, getApplicationDetail } from "~/modules/funding/applications.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.app.title);

/**
 * A funder's read-only view of one application to its programmes: the facts, the consortium and
 * the dates of the stage history — not the consortium's comments, notes or working documents.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "funding:pipeline", hide: true });
  const access = await getApplicationAccess(params.id ?? "");
  if (!access) throw notFound();
  await requireUser(request, { permission: "funding:pipeline", funderId: access.funderId, hide: true });
  const d = await getApplicationDetail(access.id);
  if (!d) throw notFound();
  return json({
    app: {
      id: d.id,
      title: d.title,
      summary: d.summary,
      stage: d.stage,
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
    },
  });
}

export default function FunderApplication() {
  const { app } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <article className="fd-application">
      <p>
        <Link to="/pipeline">← {t("funding.pipeline.back")}</Link>
      </p>
      <h1>{app.title}</h1>
      <p>
        <StageBadge stage={app.stage} />
      </p>
      {app.summary ? <p className="lead">{app.summary}</p> : null}
      <ApplicationFacts app={app} />
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
