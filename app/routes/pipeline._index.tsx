import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { AmountsChart, FunnelChart, percent, TimeInStageChart } from "~/components/funding/charts";
import { PipelineBoard, PipelineTable, useCalendarDate } from "~/components/funding/pipeline-views";
import { SelectField, TextField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { isCoordination } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { listFunders } from "~/modules/clusters/clusters.server";
import { addDays } from "~/modules/funding/metrics";
import { loadPipeline } from "~/modules/funding/pipeline.server";
import { pipelineFilterSchema } from "~/modules/funding/validation";
import { formatNumber } from "~/modules/i18n";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.pipeline.title");

/** The funder's read-only dashboard; the coordination may look at any funder's, or all. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = readQuery(request);
  const filter = pipelineFilterSchema.parse(Object.fromEntries(query));
  // Another funder's id in the address is a 404, like any resource of another funder.
  const user = await requireUser(request, { permission: "funding:pipeline", funderId: filter.funderId, hide: true });
  const coordination = isCoordination(user);
  const funderId = coordination ? (filter.funderId ?? null) : user.funderId;
  const data = await loadPipeline({ funderId, programmeId: filter.programmeId, from: filter.from, to: filter.to });
  if (!data) throw notFound();
  const funders = coordination ? (await listFunders()).map((f) => ({ id: f.id, nameFr: f.nameFr, nameEn: f.nameEn })) : [];
  const own = !coordination && funderId ? (await listFunders()).find((f) => f.id === funderId) : null;
  return json({
    coordination,
    funders,
    funder: own ? { nameFr: own.nameFr, nameEn: own.nameEn } : null,
    filter: { funderId: filter.funderId ?? "", programmeId: filter.programmeId ?? "", from: filter.from ?? "", to: filter.to ?? "", view: filter.view ?? "board" },
    today: data.today,
    programmes: data.programmes,
    inScope: data.inScope.map((p) => p.id),
    apps: data.apps.map(({ changes: _c, cofinancingPublic: _p, cofinancingClusters: _cl, cofinancingFirms: _f, ...a }) => a),
    funnel: data.funnel,
    amounts: data.amounts,
    totals: data.totals,
    times: data.times,
    deadlines: data.deadlines,
  });
}

export default function Pipeline() {
  const d = useLoaderData<typeof loader>();
  const { t, locale, money, number } = useI18n();
  const calendar = useCalendarDate();
  const location = useLocation();
  const name = (p: { nameFr: string; nameEn: string }) => (locale === "fr" ? p.nameFr : p.nameEn);
  const programmeName = new Map(d.programmes.map((p) => [p.id, name(p)]));
  const csvHref = `/pipeline.csv${location.search}`;
  const viewHref = (view: "board" | "table") => {
    const q = new URLSearchParams(location.search);
    q.set("view", view);
    return `?${q.toString()}`;
  };
  const yearStart = `${d.today.slice(0, 4)}-01-01`;
  const presets = [
    { label: t("funding.filter.all"), from: "", to: "" },
    { label: t("funding.filter.last12"), from: addDays(d.today, -365), to: d.today },
    { label: t("funding.filter.thisYear"), from: yearStart, to: d.today },
  ];
  const presetHref = (from: string, to: string) => {
    const q = new URLSearchParams(location.search);
    if (from) q.set("from", from);
    else q.delete("from");
    if (to) q.set("to", to);
    else q.delete("to");
    return `?${q.toString()}`;
  };
  return (
    <div className="fd-pipeline">
      <h1>{t("funding.pipeline.title")}</h1>
      <p className="lead">{d.funder ? t("funding.pipeline.leadFunder", { funder: name(d.funder) }) : t("funding.pipeline.leadAll")}</p>
      {d.coordination ? (
        <p>
          <Link to="/funding">{t("funding.nav.applications")}</Link> · <Link to="/funding/programmes">{t("funding.nav.programmes")}</Link>
        </p>
      ) : null}

      <Form method="get" className="fd-filters" aria-label={t("funding.filter.title")}>
        {d.coordination ? (
          <SelectField name="funderId" label={t("funding.field.funder")} placeholder={t("funding.filter.allFunders")} defaultValue={d.filter.funderId} options={d.funders.map((f) => ({ value: f.id, label: name(f) }))} />
        ) : null}
        <SelectField name="programmeId" label={t("funding.field.programme")} placeholder={t("funding.filter.allProgrammes")} defaultValue={d.filter.programmeId} options={d.programmes.map((p) => ({ value: p.id, label: name(p) }))} />
        <TextField name="from" type="date" label={t("funding.filter.from")} defaultValue={d.filter.from} />
        <TextField name="to" type="date" label={t("funding.filter.to")} defaultValue={d.filter.to} />
        <input type="hidden" name="view" value={d.filter.view} />
        <div className="fd-filter-actions">
          <button type="submit" className="button">
            {t("funding.filter.apply")}
          </button>
          <a className="button secondary" href={csvHref} download>
            {t("funding.pipeline.csv")}
          </a>
        </div>
      </Form>
      <p className="small fd-presets">
        {t("funding.filter.period")}{" "}
        {presets.map((p, i) => (
          <span key={p.label}>
            {i ? " · " : ""}
            <Link to={presetHref(p.from, p.to)} aria-current={d.filter.from === p.from && d.filter.to === p.to ? "true" : undefined}>
              {p.label}
            </Link>
          </span>
        ))}
        <span className="muted"> — {t("funding.filter.periodHint")}</span>
      </p>

      <section aria-labelledby="fd-key-title" className="section">
        <h2 id="fd-key-title" className="visually-hidden">
          {t("funding.pipeline.keyFigures")}
        </h2>
        <dl className="fd-kpis">
          <div>
            <dt>{t("funding.kpi.applications")}</dt>
            <dd>{number(d.totals.applications)}</dd>
          </div>
          <div>
            <dt>{t("funding.kpi.requested")}</dt>
            <dd>{money(d.totals.requested)}</dd>
          </div>
          <div>
            <dt>{t("funding.kpi.awarded")}</dt>
            <dd>{money(d.totals.awarded)}</dd>
          </div>
          <div>
            <dt>{t("funding.kpi.shareUsed")}</dt>
            <dd>
              {percent(locale, d.totals.shareUsed)} <span className="small muted">{t("funding.kpi.ofEnvelope", { amount: money(d.totals.envelope) })}</span>
            </dd>
          </div>
          <div>
            <dt>{t("funding.kpi.successRate")}</dt>
            <dd>{percent(locale, d.funnel.successRate)}</dd>
          </div>
          {d.totals.leverage !== null ? (
            <div>
              <dt>{t("funding.kpi.leverage")}</dt>
              <dd>
                {formatNumber(locale, d.totals.leverage, { style: "currency", currency: "CAD", minimumFractionDigits: 2, maximumFractionDigits: 2 })} <span className="small muted">{t("funding.kpi.leverageUnit")}</span>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <div className="fd-charts">
        <FunnelChart steps={d.funnel.steps} declined={d.funnel.declined} withdrawn={d.funnel.withdrawn} />
        <AmountsChart
          rows={d.amounts.map((a) => ({ label: programmeName.get(a.programmeId) ?? "", envelope: a.envelope, requested: a.requested, inPreparation: a.inPreparation, awarded: a.awarded, shareUsed: a.shareUsed }))}
        />
        <TimeInStageChart times={d.times} />
        <section aria-labelledby="fd-deadlines-title" className="fd-deadlines">
          <h2 id="fd-deadlines-title">{t("funding.deadlines.title")}</h2>
          {d.deadlines.length === 0 ? (
            <p className="muted">{t("funding.deadlines.none")}</p>
          ) : (
            <ol className="fd-deadline-list">
              {d.deadlines.map((c) => (
                <li key={c.id}>
                  <span className={`fd-days${c.daysLeft <= 14 ? " soon" : ""}`}>{t("funding.deadlines.daysLeft", { count: c.daysLeft })}</span>
                  <span>
                    <strong>{calendar(c.deadline)}</strong> — {name({ nameFr: c.programmeNameFr, nameEn: c.programmeNameEn })}
                    <br />
                    <span className="small muted">
                      {locale === "fr" ? c.labelFr : c.labelEn} · {t("funding.deadlines.preparing", { count: c.preparing })}
                    </span>
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section aria-labelledby="fd-apps-title" className="section">
        <div className="section-head">
          <h2 id="fd-apps-title">{t("funding.pipeline.applications")}</h2>
          <nav aria-label={t("funding.pipeline.viewAs")} className="tabs">
            <Link to={viewHref("board")} aria-current={d.filter.view === "board" ? "page" : undefined}>
              {t("funding.pipeline.board")}
            </Link>
            <Link to={viewHref("table")} aria-current={d.filter.view === "table" ? "page" : undefined}>
              {t("funding.pipeline.table")}
            </Link>
          </nav>
        </div>
        {d.apps.length === 0 ? (
          <p>{t("funding.pipeline.empty")}</p>
        ) : d.filter.view === "table" ? (
          <PipelineTable apps={d.apps} linkTo={(id) => `/pipeline/applications/${id}`} />
        ) : (
          <PipelineBoard apps={d.apps} linkTo={(id) => `/pipeline/applications/${id}`} />
        )}
      </section>
    </div>
  );
}
