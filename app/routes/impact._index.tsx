import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart, ColumnChart, type ChartRow } from "~/components/brokering/charts";
import { Notice, TextField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { DATASET_TITLES, parsePeriod, periodQuery, PRESETS, rowLabel, type Dataset, type DatasetId } from "~/modules/brokering/impact";
import { loadImpact } from "~/modules/brokering/impact.server";
import { formatDate } from "~/modules/i18n";
import { pageTitle } from "~/modules/i18n/meta";

/** Period bounds are calendar days (ISO): shown as written, whatever the time zone. */
const UTC_DAY: Intl.DateTimeFormatOptions = { dateStyle: "long", timeZone: "UTC" };

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.impact.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:impact", hide: true });
  const parsed = parsePeriod(new URL(request.url).searchParams);
  const report = await loadImpact(parsed.period);
  return json({ report, error: parsed.ok ? null : parsed.error, query: periodQuery(parsed.period) });
}

export default function Impact() {
  const { t, locale, number, money } = useI18n();
  const { report, error, query } = useLoaderData<typeof loader>();
  const { kpis, period } = report;
  const day = (iso: string) => formatDate(locale, `${iso}T12:00:00Z`, UTC_DAY);
  const chart = (id: DatasetId) => {
    const ds = report.datasets[id] as Dataset;
    return {
      title: t(DATASET_TITLES[id]),
      series: ds.series.map((s) => t(s)),
      rows: ds.rows.map((r): ChartRow => ({ label: rowLabel(t, locale, ds, r), values: r.values })),
      csvHref: `/impact/export/${id}${query ? `?${query}` : ""}`,
    };
  };
  const showing =
    period.from && period.to
      ? t("brokering.impact.showing", { from: day(period.from), to: day(period.to) })
      : period.from
        ? t("brokering.impact.showingFrom", { from: day(period.from) })
        : period.to
          ? t("brokering.impact.showingTo", { to: day(period.to) })
          : t("brokering.impact.showingAll");
  return (
    <>
      <div className="section-head">
        <h1>{t("brokering.impact.title")}</h1>
        <nav aria-label={t("brokering.queue.tools")} className="bk-tools">
          <Link to="/coordination/matches">{t("brokering.nav.queue")}</Link>
        </nav>
      </div>
      <p className="lead">{t("brokering.impact.lead")}</p>
      {error ? <Notice tone="error">{t(error)}</Notice> : null}

      <section aria-labelledby="period-title" className="card bk-period">
        <h2 id="period-title" className="visually-hidden">
          {t("brokering.impact.period")}
        </h2>
        <nav aria-label={t("brokering.impact.period")} className="tabs">
          {PRESETS.map((p) => (
            <Link key={p} to={`?preset=${p}`} aria-current={period.preset === p ? "page" : undefined}>
              {t(`brokering.impact.preset.${p}`)}
            </Link>
          ))}
        </nav>
        <Form method="get" className="bk-period-form">
          <TextField name="from" type="date" label={t("brokering.impact.from")} defaultValue={period.preset ? "" : (period.from ?? "")} />
          <TextField name="to" type="date" label={t("brokering.impact.to")} defaultValue={period.preset ? "" : (period.to ?? "")} />
          <button type="submit" className="button secondary">
            {t("brokering.impact.apply")}
          </button>
        </Form>
        <p className="bk-showing" aria-live="polite">
          <strong>{showing}</strong>
        </p>
      </section>

      <section aria-labelledby="kpi-title" className="section">
        <h2 id="kpi-title" className="visually-hidden">
          {t("brokering.impact.kpis")}
        </h2>
        <dl className="bk-kpis">
          <div className="card bk-kpi">
            <dt>{t("brokering.impact.kpi.postings")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="postings">
                {number(kpis.postings)}
              </span>
              <span className="small muted">{t("brokering.impact.kpi.needsOffers", { needs: kpis.needs, offers: kpis.offers })}</span>
            </dd>
          </div>
          <div className="card bk-kpi">
            <dt>{t("brokering.impact.kpi.introductions")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="introductions">
                {number(kpis.introductions)}
              </span>
              <span className="small muted">{t("brokering.impact.kpi.proposals", { count: kpis.proposals })}</span>
              <span className="small muted">{t("brokering.impact.kpi.clusters", { count: kpis.clustersInvolved })}</span>
            </dd>
          </div>
          <div className="card bk-kpi">
            <dt>{t("brokering.impact.kpi.median")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="median">
                {kpis.medianDaysToIntroduction === null ? t("brokering.impact.kpi.noMedian") : t("brokering.impact.kpi.medianValue", { days: number(kpis.medianDaysToIntroduction) })}
              </span>
            </dd>
          </div>
          <div className="card bk-kpi bk-kpi-good">
            <dt>{t("brokering.impact.kpi.concluded")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="concluded">
                {number(kpis.concluded)}
              </span>
              <span className="small muted">{t("brokering.impact.kpi.abandoned", { count: kpis.abandoned })}</span>
            </dd>
          </div>
          <div className="card bk-kpi bk-kpi-good">
            <dt>{t("brokering.impact.kpi.savings")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="savings">
                {money(kpis.savingsCad)}
              </span>
              <span className="small muted">{t("brokering.impact.kpi.participants", { count: kpis.participants })}</span>
            </dd>
          </div>
          <div className="card bk-kpi bk-kpi-good">
            <dt>{t("brokering.impact.kpi.ghg")}</dt>
            <dd>
              <span className="bk-kpi-value" data-kpi="ghg">
                {t("brokering.impact.kpi.ghgValue", { value: number(Math.round(kpis.ghgAvoidedKg / 100) / 10) })}
              </span>
            </dd>
          </div>
        </dl>
      </section>

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
