/**
 * The pieces of the impact pages: the key figures, the network's health (median delays, answer rates,
 * needs left waiting, the unmet-demand heat map, the outcomes with their money and GHG), and the period
 * picker. Shared by /impact, /impact/health and the committee's report (/impact/report), so the
 * printed report and the screens show the same figures the same way.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TextField } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { PRESETS, type ImpactKpis, type Period } from "~/modules/brokering/impact";
import { heatLevel, outcomeTitle, ratio, tonnes, type HealthDatasetId, type HealthReport } from "~/modules/brokering/impact-health";
import { formatDate, formatNumber, type MessageKey } from "~/modules/i18n";
import { BarChart } from "./charts";

type Serialized<T> = T extends Date ? string : T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;
export type HealthData = Serialized<HealthReport>;

/** Period bounds are calendar days (ISO): shown as written, whatever the time zone. */
const UTC_DAY: Intl.DateTimeFormatOptions = { dateStyle: "long", timeZone: "UTC" };

export function usePeriodText(period: Period) {
  const { t, locale } = useI18n();
  const day = (iso: string) => formatDate(locale, `${iso}T12:00:00Z`, UTC_DAY);
  return period.from && period.to
    ? t("brokering.impact.showing", { from: day(period.from), to: day(period.to) })
    : period.from
      ? t("brokering.impact.showingFrom", { from: day(period.from) })
      : period.to
        ? t("brokering.impact.showingTo", { to: day(period.to) })
        : t("brokering.impact.showingAll");
}

/** Presets and explicit dates, as links and a GET form (works without JavaScript). */
export function PeriodPicker({ period, presetLabel }: { period: Period; presetLabel?: (p: (typeof PRESETS)[number]) => string }) {
  const { t } = useI18n();
  const showing = usePeriodText(period);
  return (
    <section aria-labelledby="period-title" className="card bk-period no-print">
      <h2 id="period-title" className="visually-hidden">
        {t("brokering.impact.period")}
      </h2>
      <nav aria-label={t("brokering.impact.period")} className="tabs">
        {PRESETS.map((p) => (
          <Link key={p} to={`?preset=${p}`} aria-current={period.preset === p ? "page" : undefined}>
            {presetLabel ? presetLabel(p) : t(`brokering.impact.preset.${p}`)}
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
  );
}

/** The links between the three impact pages. */
export function ImpactTabs({ current, query }: { current: "dashboard" | "health" | "report"; query: string }) {
  const { t } = useI18n();
  const q = query ? `?${query}` : "";
  const tabs: [typeof current, string, MessageKey][] = [
    ["dashboard", "/impact", "impact.nav.dashboard"],
    ["health", "/impact/health", "impact.nav.health"],
    ["report", "/impact/report", "impact.nav.report"],
  ];
  return (
    <nav aria-label={t("impact.nav.label")} className="tabs no-print">
      {tabs.map(([id, to, label]) => (
        <Link key={id} to={`${to}${q}`} aria-current={current === id ? "page" : undefined}>
          {t(label)}
        </Link>
      ))}
    </nav>
  );
}

function Kpi({ label, value, id, good, children }: { label: string; value: string; id: string; good?: boolean; children?: ReactNode }) {
  return (
    <div className={`card bk-kpi${good ? " bk-kpi-good" : ""}`}>
      <dt>{label}</dt>
      <dd>
        <span className="bk-kpi-value" data-kpi={id}>
          {value}
        </span>
        {children}
      </dd>
    </div>
  );
}

/** The key figures of a period. */
export function KpiGrid({ kpis, titleId = "kpi-title", visibleTitle }: { kpis: ImpactKpis; titleId?: string; visibleTitle?: string }) {
  const { t, number, money } = useI18n();
  return (
    <section aria-labelledby={titleId} className="section bk-keep">
      <h2 id={titleId} className={visibleTitle ? undefined : "visually-hidden"}>
        {visibleTitle ?? t("brokering.impact.kpis")}
      </h2>
      <dl className="bk-kpis">
        <Kpi label={t("brokering.impact.kpi.postings")} value={number(kpis.postings)} id="postings">
          <span className="small muted">{t("brokering.impact.kpi.needsOffers", { needs: kpis.needs, offers: kpis.offers })}</span>
        </Kpi>
        <Kpi label={t("brokering.impact.kpi.introductions")} value={number(kpis.introductions)} id="introductions">
          <span className="small muted">{t("brokering.impact.kpi.proposals", { count: kpis.proposals })}</span>
          <span className="small muted">{t("brokering.impact.kpi.clusters", { count: kpis.clustersInvolved })}</span>
        </Kpi>
        <Kpi
          label={t("brokering.impact.kpi.median")}
          value={kpis.medianDaysToIntroduction === null ? t("brokering.impact.kpi.noMedian") : t("brokering.impact.kpi.medianValue", { days: number(kpis.medianDaysToIntroduction) })}
          id="median"
        />
        <Kpi label={t("brokering.impact.kpi.concluded")} value={number(kpis.concluded)} id="concluded" good>
          <span className="small muted">{t("brokering.impact.kpi.abandoned", { count: kpis.abandoned })}</span>
        </Kpi>
        <Kpi label={t("brokering.impact.kpi.savings")} value={money(kpis.savingsCad)} id="savings" good>
          <span className="small muted">{t("brokering.impact.kpi.participants", { count: kpis.participants })}</span>
        </Kpi>
        <Kpi label={t("brokering.impact.kpi.ghg")} value={t("brokering.impact.kpi.ghgValue", { value: number(tonnes(kpis.ghgAvoidedKg)) })} id="ghg" good />
      </dl>
    </section>
  );
}

/** What the health sections need to link their CSV. */
type CsvHref = (id: HealthDatasetId) => string;

function CsvLink({ href, title }: { href: string; title: string }) {
  const { t } = useI18n();
  return (
    <a href={href} className="bk-csv no-print" download>
      {t("brokering.impact.csv")}
      <span className="visually-hidden"> — {title}</span>
    </a>
  );
}

export function useFormats() {
  const { t, locale, number, money } = useI18n();
  return {
    days: (n: number) => t("impact.health.days", { days: number(n) }),
    percent: (n: number) => formatNumber(locale, n, { style: "percent", maximumFractionDigits: 0 }),
    money,
    tonnes: (kg: number) => formatNumber(locale, tonnes(kg), { maximumFractionDigits: 1 }),
    number,
  };
}

/** Median delays: one bar per step, the counts in the table. */
export function TimingsChart({ health, csv }: { health: HealthData; csv: CsvHref }) {
  const { t } = useI18n();
  const f = useFormats();
  return (
    <BarChart
      title={t("impact.health.times.title")}
      note={t("impact.health.times.note")}
      series={[t("impact.health.series.medianDays")]}
      rows={health.timings.map((s) => ({ label: t(`impact.health.step.${s.step}`), values: [s.medianDays ?? 0], display: s.medianDays === null ? "—" : undefined }))}
      more={[{ label: t("impact.health.col.count"), values: health.timings.map((s) => s.count) }]}
      format={f.days}
      csvHref={csv("health-times")}
    />
  );
}

/** Answer rate per cluster (bars), with parties, answers, interest and the median delay in the table. */
export function AnswersChart({ health, csv }: { health: HealthData; csv: CsvHref }) {
  const { t } = useI18n();
  const f = useFormats();
  const rows = health.answers.filter((a) => a.parties > 0);
  return (
    <BarChart
      title={t("impact.health.answers.title")}
      note={t("impact.health.answers.note")}
      empty={t("impact.health.answers.none")}
      series={[t("impact.health.series.answerRate")]}
      rows={
        rows.length
          ? [
              ...rows.map((a) => ({ label: a.name, values: [ratio(a.answered, a.parties) ?? 0] })),
              { label: t("impact.health.network"), values: [ratio(health.answersTotal.answered, health.answersTotal.parties) ?? 0] },
            ]
          : []
      }
      more={[
        { label: t("impact.health.col.parties"), values: [...rows.map((a) => a.parties), health.answersTotal.parties] },
        { label: t("impact.health.col.answered"), values: [...rows.map((a) => a.answered), health.answersTotal.answered] },
        { label: t("impact.health.col.interested"), values: [...rows.map((a) => a.interested), health.answersTotal.interested] },
        { label: t("impact.health.col.medianAnswer"), values: [...rows.map((a) => a.medianDays ?? 0), health.answersTotal.medianDays ?? 0], format: f.days },
      ]}
      format={(n) => f.percent(n)}
      csvHref={csv("answer-rates")}
    />
  );
}

/** Needs left waiting, for the clusters that have some (most first), with open needs and the oldest's age in the table. */
export function StaleChart({ health, csv }: { health: HealthData; csv: CsvHref }) {
  const { t } = useI18n();
  const f = useFormats();
  const waiting = health.stale.filter((s) => s.stale > 0).sort((a, b) => b.stale - a.stale || (b.oldestDays ?? 0) - (a.oldestDays ?? 0));
  return (
    <BarChart
      title={t("impact.health.stale.title")}
      note={t("impact.health.stale.note", { days: health.staleDays })}
      empty={t("impact.health.stale.none")}
      series={[t("impact.health.series.stale")]}
      rows={waiting.map((s) => ({ label: s.name, values: [s.stale] }))}
      more={[
        { label: t("impact.health.col.openNeeds"), values: waiting.map((s) => s.openNeeds) },
        { label: t("impact.health.col.oldest"), values: waiting.map((s) => s.oldestDays ?? 0), format: f.days },
      ]}
      csvHref={csv("stale-needs")}
    />
  );
}

/**
 * Unmet demand as a heat map: a table (categories × clusters) whose every cell writes its number, the
 * shade only repeating it. Dark text on light shades, white text on dark ones: ≥ 4.5:1 everywhere.
 */
export function HeatMapTable({ health, csv }: { health: HealthData; csv: CsvHref }) {
  const { t, number } = useI18n();
  const h = health.heat;
  const title = t("impact.health.unmet.title");
  const clusterTotals = h.clusters.map((c) => h.categories.reduce((s, cat) => s + (h.counts[cat]?.[c.id] ?? 0), 0));
  return (
    <figure className="card bk-chart bk-keep" aria-labelledby="heat-caption">
      <figcaption id="heat-caption" className="bk-chart-title">
        {title}
        <span className="bk-chart-note">{t("impact.health.unmet.note")}</span>
      </figcaption>
      {h.total === 0 ? (
        <p className="muted">{t("impact.health.unmet.none")}</p>
      ) : (
        <>
          <div className="table-wrap bk-heat-wrap" role="region" aria-labelledby="heat-caption" tabIndex={0}>
            <table className="bk-heat">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("impact.health.unmet.category")}</th>
                  {h.clusters.map((c) => (
                    <th key={c.id} scope="col" className="bk-num">
                      {c.name}
                    </th>
                  ))}
                  <th scope="col" className="bk-num">
                    {t("impact.health.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {h.categories.map((cat) => {
                  const row = h.clusters.map((c) => h.counts[cat]?.[c.id] ?? 0);
                  return (
                    <tr key={cat} data-category={cat}>
                      <th scope="row">{t(`category.${cat}` as MessageKey)}</th>
                      {row.map((n, i) => (
                        <td key={h.clusters[i].id} className={`bk-num bk-heat-${heatLevel(n, h.max)}`} data-cluster={h.clusters[i].slug}>
                          {number(n)}
                        </td>
                      ))}
                      <td className="bk-num bk-heat-total">{number(row.reduce((a, b) => a + b, 0))}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("impact.health.total")}</th>
                  {clusterTotals.map((n, i) => (
                    <td key={h.clusters[i].id} className="bk-num bk-heat-total">
                      {number(n)}
                    </td>
                  ))}
                  <td className="bk-num bk-heat-total" data-total="unmet">
                    {number(h.total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="small muted bk-heat-legend">
            <span className="bk-heat-scale" aria-hidden="true">
              {[0, 1, 2, 3, 4].map((l) => (
                <span key={l} className={`bk-heat-${l}`} />
              ))}
            </span>{" "}
            {t("impact.health.unmet.legend")}
          </p>
        </>
      )}
      <div className="bk-chart-tools">
        <CsvLink href={csv("unmet-demand")} title={title} />
      </div>
    </figure>
  );
}

/** The outcomes of the period, one line per concluded match, then per cluster (savings as bars). */
export function OutcomesSection({ health, csv }: { health: HealthData; csv: CsvHref }) {
  const { t, locale, number } = useI18n();
  const f = useFormats();
  const title = t("impact.health.outcomes.title");
  const shown = health.outcomes.slice(0, 200);
  const involved = health.outcomesByCluster.filter((c) => c.concluded > 0).sort((a, b) => b.savingsCad - a.savingsCad);
  return (
    <>
      <section aria-labelledby="outcomes-title" className="card section bk-outcomes">
        <h3 id="outcomes-title" className="bk-chart-title">
          {title}
          <span className="bk-chart-note">{t("impact.health.outcomes.note")}</span>
        </h3>
        {shown.length === 0 ? (
          <p className="muted">{t("impact.health.outcomes.none")}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="outcomes-title" tabIndex={0}>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("impact.health.col.match")}</th>
                  <th scope="col">{t("impact.health.col.date")}</th>
                  <th scope="col" className="bk-num">
                    {t("impact.health.col.savings")}
                  </th>
                  <th scope="col" className="bk-num">
                    {t("impact.health.col.ghg")}
                  </th>
                  <th scope="col" className="bk-num">
                    {t("impact.health.col.participants")}
                  </th>
                  <th scope="col">{t("impact.health.col.summary")}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((o) => (
                  <tr key={o.matchId}>
                    <th scope="row">{outcomeTitle(t, { ...o, recordedAt: new Date(o.recordedAt) })}</th>
                    <td>{formatDate(locale, o.recordedAt)}</td>
                    <td className="bk-num">{o.savingsCad === null ? "—" : f.money(o.savingsCad)}</td>
                    <td className="bk-num">{o.ghgAvoidedKg === null ? "—" : f.tonnes(o.ghgAvoidedKg)}</td>
                    <td className="bk-num">{o.participants === null ? "—" : number(o.participants)}</td>
                    <td>{o.summary}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("impact.health.network")}</th>
                  <td>{number(health.totals.concluded)}</td>
                  <td className="bk-num">{f.money(health.totals.savingsCad)}</td>
                  <td className="bk-num">{f.tonnes(health.totals.ghgAvoidedKg)}</td>
                  <td className="bk-num">{number(health.totals.participants)}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        <div className="bk-chart-tools">
          <CsvLink href={csv("outcomes")} title={title} />
        </div>
      </section>
      <BarChart
        title={t("impact.health.outcomesByCluster.title")}
        note={t("impact.health.outcomesByCluster.note")}
        empty={t("impact.health.outcomes.none")}
        series={[t("impact.health.series.savings")]}
        rows={involved.map((c) => ({ label: c.name, values: [c.savingsCad] }))}
        more={[
          { label: t("impact.health.col.ghg"), values: involved.map((c) => c.ghgAvoidedKg), format: f.tonnes },
          { label: t("impact.health.col.concluded"), values: involved.map((c) => c.concluded) },
          { label: t("impact.health.col.participants"), values: involved.map((c) => c.participants) },
        ]}
        format={f.money}
        csvHref={csv("outcomes-by-cluster")}
      />
    </>
  );
}

/** Joint applications submitted and decided in the period. */
export function FundingFiguresBlock({ health }: { health: HealthData }) {
  const { t, number, money } = useI18n();
  const fig = health.funding;
  return (
    <section aria-labelledby="funding-figures-title" className="section bk-keep">
      <h2 id="funding-figures-title">{t("impact.health.funding.title")}</h2>
      <dl className="bk-kpis">
        <Kpi label={t("impact.health.funding.submitted")} value={number(fig.submitted)} id="submitted" />
        <Kpi label={t("impact.health.funding.awarded")} value={number(fig.awarded)} id="awarded" good>
          <span className="small muted">{t("impact.health.funding.refusedCount", { count: fig.refused })}</span>
        </Kpi>
        <Kpi label={t("impact.health.funding.amount")} value={money(fig.awardedAmount)} id="awardedAmount" good />
      </dl>
    </section>
  );
}
