import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/modules/i18n/meta";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AnswersChart, FundingFiguresBlock, HeatMapTable, ImpactTabs, KpiGrid, OutcomesSection, PeriodPicker, StaleChart, TimingsChart, usePeriodText } from "~/components/brokering/health-views";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { isCoordination } from "~/modules/auth/permissions";
import { requireUser } from "~/modules/auth/require-user.server";
import { localToday, parsePeriod, periodQuery, periodStatus } from "~/modules/brokering/impact";
import type { HealthDatasetId } from "~/modules/brokering/impact-health";
import { loadHealth } from "~/modules/brokering/impact-health.server";
import { loadImpact } from "~/modules/brokering/impact.server";
import { formatDate } from "~/modules/i18n";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "impact.report.title");

/**
 * The report the inter-cluster committee reads every two months: one page for a chosen period (by
 * default the last 60 days), in the reader's language, that prints cleanly (app.css's print rules).
 * For the coordination and the clusters' administrators, who sit on the committee; for them,
 * confidential postings are neither named nor counted in the health figures.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "impact:report", hide: true });
  const params = readQuery(request);
  if (!params.get("preset") && !params.get("from") && !params.get("to")) params.set("preset", "60d");
  const parsed = parsePeriod(params);
  const coordination = isCoordination(user);
  const [report, health] = await Promise.all([loadImpact(parsed.period), loadHealth(parsed.period, { includeConfidential: coordination })]);
  return json(
    { kpis: report.kpis, health, today: localToday(new Date()), coordination, error: parsed.ok ? null : parsed.error, query: periodQuery(parsed.period) },
    { status: periodStatus(parsed) },
  );
}

export default function CommitteeReport() {
  const { kpis, health, today, coordination, error, query } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const showing = usePeriodText(health.period);
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  const csv = (id: HealthDatasetId) => `/impact/export/${id}${query ? `?${query}` : ""}`;
  const day = formatDate(locale, `${today}T12:00:00Z`, { dateStyle: "long", timeZone: "UTC" });
  return (
    <article className="bk-report">
      <header className="bk-report-head">
        <h1>{t("impact.report.title")}</h1>
        <p className="bk-report-period">
          <strong>{showing}</strong>
        </p>
        <p className="small muted">{t("impact.report.prepared", { date: day })}</p>
      </header>
      {coordination ? <ImpactTabs current="report" query={query} /> : null}
      <p className="lead no-print">{t("impact.report.lead")}</p>
      {error ? <Notice tone="error">{t(error)}</Notice> : null}
      <PeriodPicker period={health.period} presetLabel={(p) => (p === "60d" ? t("impact.report.preset.60d") : t(`brokering.impact.preset.${p}`))} />
      {canPrint ? (
        <p className="no-print">
          <button type="button" className="button" onClick={() => window.print()}>
            {t("impact.report.print")}
          </button>
        </p>
      ) : null}

      <KpiGrid kpis={kpis} titleId="report-kpis" visibleTitle={t("impact.report.keyFigures")} />
      <FundingFiguresBlock health={health} />

      <section aria-labelledby="report-health" className="section bk-page-break">
        <h2 id="report-health">{t("impact.report.health")}</h2>
        <div className="bk-charts">
          <TimingsChart health={health} csv={csv} />
          <AnswersChart health={health} csv={csv} />
        </div>
      </section>

      <section aria-labelledby="report-outcomes" className="section bk-page-break">
        <h2 id="report-outcomes">{t("impact.report.results")}</h2>
        <div className="bk-stack">
          <OutcomesSection health={health} csv={csv} />
        </div>
      </section>

      <section aria-labelledby="report-actions" className="section bk-page-break">
        <h2 id="report-actions">{t("impact.report.actions")}</h2>
        <p className="small muted">{t("impact.health.asOf", { date: day })}</p>
        <HeatMapTable health={health} csv={csv} />
        <div className="bk-charts">
          <StaleChart health={health} csv={csv} />
        </div>
      </section>
      {health.confidentialHidden ? <p className="small muted">{t("impact.health.confidentialHidden")}</p> : null}
    </article>
  );
}
