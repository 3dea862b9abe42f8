import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/modules/i18n/meta";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnswersChart, HeatMapTable, ImpactTabs, OutcomesSection, PeriodPicker, StaleChart, TimingsChart } from "~/components/brokering/health-views";
import { Notice } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { localToday, parsePeriod, periodQuery, periodStatus } from "~/modules/brokering/impact";
import type { HealthDatasetId } from "~/modules/brokering/impact-health";
import { loadHealth } from "~/modules/brokering/impact-health.server";
import { formatDate } from "~/modules/i18n";
import { readQuery } from "~/modules/validation/form.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "impact.health.title");

/** The network's health, for the coordination: delays, answers, needs left waiting, unmet demand, outcomes. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:impact", hide: true });
  const parsed = parsePeriod(readQuery(request));
  const health = await loadHealth(parsed.period, { includeConfidential: true });
  return json({ health, today: localToday(new Date()), error: parsed.ok ? null : parsed.error, query: periodQuery(parsed.period) }, { status: periodStatus(parsed) });
}

export default function Health() {
  const { health, today, error, query } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const csv = (id: HealthDatasetId) => `/impact/export/${id}${query ? `?${query}` : ""}`;
  return (
    <>
      <h1>{t("impact.health.title")}</h1>
      <ImpactTabs current="health" query={query} />
      <p className="lead">{t("impact.health.lead")}</p>
      {error ? <Notice tone="error">{t(error)}</Notice> : null}
      <PeriodPicker period={health.period} />
      <div className="bk-charts">
        <TimingsChart health={health} csv={csv} />
        <AnswersChart health={health} csv={csv} />
      </div>
      <h2 className="section">{t("impact.report.actions")}</h2>
      <p className="small muted">{t("impact.health.asOf", { date: formatDate(locale, `${today}T12:00:00Z`, { dateStyle: "long", timeZone: "UTC" }) })}</p>
      <HeatMapTable health={health} csv={csv} />
      <div className="bk-charts">
        <StaleChart health={health} csv={csv} />
      </div>
      <h2 className="section">{t("impact.report.results")}</h2>
      <div className="bk-stack">
        <OutcomesSection health={health} csv={csv} />
      </div>
    </>
  );
}
