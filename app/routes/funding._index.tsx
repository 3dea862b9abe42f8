import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StageBadge, useCalendarDate } from "~/components/funding/pipeline-views";
import { SelectField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { can } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { listApplications } from "~/modules/funding/applications.server";
import { BOARD_STAGES, isBoardStage } from "~/modules/funding/stages";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.applications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "funding:applications", hide: true });
  const q = readQuery(request);
  const raw = q.get("stage");
  const stage = isBoardStage(raw) ? raw : undefined;
  const all = await listApplications(user);
  const programmeId = q.get("programme") ?? "";
  const rows = all.filter((a) => (!stage || a.boardStage === stage) && (!programmeId || a.programmeId === programmeId));
  const programmes = [...new Map(all.filter((a) => a.programmeId).map((a) => [a.programmeId!, { id: a.programmeId!, nameFr: a.programmeNameFr!, nameEn: a.programmeNameEn! }])).values()];
  return json({ rows, programmes, stage: stage ?? "", programmeId, manage: can(user, "funding:manage") });
}

export default function Applications() {
  const { rows, programmes, stage, programmeId, manage } = useLoaderData<typeof loader>();
  const { t, locale, money } = useI18n();
  const calendar = useCalendarDate();
  const name = (n: { nameFr: string | null; nameEn: string | null }) => (locale === "fr" ? n.nameFr : n.nameEn);
  return (
    <>
      <div className="section-head">
        <h1>{t("funding.applications.title")}</h1>
        {manage ? (
          <Link className="button" to="/funding/new">
            {t("funding.applications.new")}
          </Link>
        ) : null}
      </div>
      <p className="lead">{manage ? t("funding.applications.leadCoordination") : t("funding.applications.leadCluster")}</p>
      {manage ? (
        <nav aria-label={t("funding.nav.label")} className="tabs">
          <Link to="/funding/programmes">{t("funding.nav.programmes")}</Link>
          <Link to="/pipeline">{t("funding.nav.pipeline")}</Link>
        </nav>
      ) : null}
      <Form method="get" className="fd-filters" aria-label={t("funding.filter.title")}>
        <SelectField name="stage" label={t("funding.col.stage")} placeholder={t("funding.filter.allStages")} defaultValue={stage} options={BOARD_STAGES.map((s) => ({ value: s, label: t(`funding.stage.${s}`) }))} />
        <SelectField name="programme" label={t("funding.field.programme")} placeholder={t("funding.filter.allProgrammes")} defaultValue={programmeId} options={programmes.map((p) => ({ value: p.id, label: name(p) ?? "" }))} />
        <div className="fd-filter-actions">
          <button type="submit" className="button secondary">
            {t("funding.filter.apply")}
          </button>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p>{t("funding.applications.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="fd-table">
            <caption className="visually-hidden">{t("funding.applications.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("funding.col.title")}</th>
                <th scope="col">{t("funding.col.programme")}</th>
                <th scope="col">{t("funding.col.stage")}</th>
                <th scope="col">{t("funding.col.lead")}</th>
                <th scope="col" className="num">
                  {t("funding.col.requested")}
                </th>
                <th scope="col">{t("funding.col.deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/funding/applications/${a.id}`}>{a.title}</Link>
                  </th>
                  <td>
                    {a.programmeId ? name({ nameFr: a.programmeNameFr, nameEn: a.programmeNameEn }) : a.programmeText}
                    {!a.programmeId ? <span className="fd-tag">{t("funding.programme.unlisted")}</span> : null}
                  </td>
                  <td>
                    <StageBadge stage={a.boardStage} closed={a.stage === "closed"} />
                  </td>
                  <td>
                    {a.leadClusterName} <span className="small muted">{t("funding.applications.partners", { count: a.members })}</span>
                  </td>
                  <td className="num">{a.amountRequested !== null ? money(a.amountRequested) : "—"}</td>
                  <td>{calendar(a.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
