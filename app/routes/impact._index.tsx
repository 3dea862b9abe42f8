import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, ColumnChart, type ChartRow, type ExtraColumn } from "~/components/brokering/charts";
import { ImpactTabs, KpiGrid, PeriodPicker, useFormats } from "~/components/brokering/health-views";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { DATASET_TITLES, parsePeriod, periodQuery, periodStatus, rowLabel, type Dataset, type DatasetId } from "~/modules/brokering/impact";
import { loadImpact } from "~/modules/brokering/impact.server";
import { pageTitle } from "~/modules/i18n/meta";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.impact.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:impact", hide: true });
  const parsed = parsePeriod(readQuery(request));
  const report = await loadImpact(parsed.period);
  return json({ report, error: parsed.ok ? null : parsed.error, query: periodQuery(parsed.period) }, { status: periodStatus(parsed) });
}

export default function Impact() {
  const { t, locale } = useI18n();
  const f = useFormats();
  const { report, error, query } = useLoaderData<typeof loader>();
  const chart = (id: DatasetId) => {
    const ds = report.datasets[id] as Dataset;
    const drawn = ds.series.length;
    // Money saved and GHG avoided are columns of the table and the CSV, not bars next to counts.
    const formats = [f.money, f.number];
    const more: ExtraColumn[] = (ds.extra ?? []).map((key, i) => ({ label: t(key), values: ds.rows.map((r) => r.values[drawn + i] ?? 0), format: formats[i] }));
    return {
      title: t(DATASET_TITLES[id]),
      series: ds.series.map((s) => t(s)),
      rows: ds.rows.map((r): ChartRow => ({ label: rowLabel(t, locale, ds, r), values: r.values.slice(0, drawn) })),
      more,
      csvHref: `/impact/export/${id}${query ? `?${query}` : ""}`,
    };
  };
  return (
    <>
      <div className="section-head">
        <h1>{t("brokering.impact.title")}</h1>
        <nav aria-label={t("brokering.queue.tools")} className="bk-tools">
          <Link to="/coordination/matches">{t("brokering.nav.queue")}</Link>
        </nav>
      </div>
      <ImpactTabs current="dashboard" query={query} />
      <p className="lead">{t("brokering.impact.lead")}</p>
      {error ? <Notice tone="error">{t(error)}</Notice> : null}
      <PeriodPicker period={report.period} />
      <KpiGrid kpis={report.kpis} />
      <div className="bk-charts">
        <BarChart {...chart("funnel")} />
        <BarChart {...chart("matches-by-status")} />
        <BarChart {...chart("postings-by-category")} mode="stacked" />
        <BarChart {...chart("postings-by-cluster")} mode="stacked" />
        <BarChart {...chart("participation")} mode="grouped" />
        <ColumnChart {...chart("activity-by-month")} />
      </div>
    </>
  );
}
