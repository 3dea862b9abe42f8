/**
 * Server-rendered SVG charts of the pipeline: the funnel, amounts against the envelope, and the
 * median time in each stage. Each is a <figure> whose SVG has a title and a text description for
 * screen readers, followed by the same figures as a table (in a disclosure). The viewBox is narrow
 * (360 units) so the text stays legible on a 375 px phone; the SVG scales up on wider screens.
 */
import type { ReactNode } from "react";
import { useI18n } from "~/components/i18n";
import type { FunnelStep, StageTime } from "~/modules/funding/metrics";
import { formatNumber, type Locale } from "~/modules/i18n";

const W = 360;

export function percent(locale: Locale, r: number | null): string {
  return r === null ? "—" : formatNumber(locale, r, { style: "percent", maximumFractionDigits: 0 });
}

/**
 * "2,5 M$" / "$2.5M". Written by hand: Intl's compact notation differs between Node's and the
 * browsers' ICU data ("350,0 k $" vs "350 k $"), which would break hydration.
 */
export function compactMoney(locale: Locale, n: number): string {
  const [value, unit] = Math.abs(n) >= 1_000_000 ? [n / 1_000_000, "M"] : Math.abs(n) >= 1_000 ? [n / 1_000, "k"] : [n, ""];
  const num = formatNumber(locale, value, { maximumFractionDigits: value >= 100 || unit === "" ? 0 : 1 });
  return locale === "fr" ? `${num}\u00a0${unit}$` : `$${num}${unit.toUpperCase()}`;
}

/** Split a label into at most `lines` lines of about `width` characters (SVG text does not wrap). */
export function wrap(text: string, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if ((line + " " + word).trim().length > width && line) {
      out.push(line);
      line = word;
    } else line = (line + " " + word).trim();
  }
  if (line) out.push(line);
  if (out.length > lines) {
    const kept = out.slice(0, lines);
    kept[lines - 1] = `${kept[lines - 1].slice(0, width - 1)}…`;
    return kept;
  }
  return out;
}

function Figure({ id, title, description, caption, table, children, height }: { id: string; title: string; description: string; caption?: ReactNode; table: ReactNode; children: ReactNode; height: number }) {
  const { t } = useI18n();
  return (
    <figure className="fd-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="fd-chart-caption">
        {title}
        {caption ? <span className="fd-chart-sub">{caption}</span> : null}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} className="fd-svg" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      <details className="fd-data">
        <summary>{t("funding.chart.showData")}</summary>
        <div className="table-wrap">{table}</div>
      </details>
    </figure>
  );
}

/** A centred funnel: one bar per stage, width proportional to the applications that got that far. */
export function FunnelChart({ steps, declined, withdrawn }: { steps: FunnelStep[]; declined: number; withdrawn: number }) {
  const { t, locale } = useI18n();
  const max = Math.max(1, ...steps.map((s) => s.reached));
  const row = 54;
  const barH = 24;
  const height = steps.length * row + 8;
  const description = steps
    .map((s) => t("funding.item", { label: t(`funding.stage.${s.stage}`), value: `${s.reached}${s.conversion === null ? "" : ` (${percent(locale, s.conversion)})`}` }))
    .join(t("funding.itemSeparator"));
  return (
    <Figure
      id="fd-funnel"
      title={t("funding.chart.funnel")}
      caption={t("funding.chart.funnelNote", { declined, withdrawn })}
      description={description}
      height={height}
      table={
        <table>
          <caption className="visually-hidden">{t("funding.chart.funnel")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("funding.col.stage")}</th>
              <th scope="col">{t("funding.chart.reached")}</th>
              <th scope="col">{t("funding.chart.current")}</th>
              <th scope="col">{t("funding.chart.conversion")}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{t(`funding.stage.${s.stage}`)}</th>
                <td>{s.reached}</td>
                <td>{s.current}</td>
                <td>{percent(locale, s.conversion)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {steps.map((s, i) => {
        const y = i * row;
        const w = s.reached ? Math.max(6, (s.reached / max) * W) : 2;
        const x = (W - w) / 2;
        const next = steps[i + 1];
        const nw = next ? (next.reached ? Math.max(6, (next.reached / max) * W) : 2) : 0;
        return (
          <g key={s.stage} className={`fd-funnel-step fd-funnel-${i}`}>
            <text x={0} y={y + 14} className="fd-svg-label">
              {t(`funding.stage.${s.stage}`)}
            </text>
            <text x={W} y={y + 14} textAnchor="end" className="fd-svg-value">
              {s.conversion === null ? formatNumber(locale, s.reached) : t("funding.chart.stepValue", { count: s.reached, rate: percent(locale, s.conversion) })}
            </text>
            <rect x={x} y={y + 20} width={w} height={barH} rx={4} className="fd-funnel-bar" />
            {next ? <polygon points={`${x},${y + 20 + barH} ${x + w},${y + 20 + barH} ${(W + nw) / 2},${y + row + 20} ${(W - nw) / 2},${y + row + 20}`} className="fd-funnel-neck" /> : null}
          </g>
        );
      })}
    </Figure>
  );
}

export interface AmountRow {
  label: string;
  envelope: number;
  requested: number;
  inPreparation: number;
  awarded: number;
  shareUsed: number | null;
}

/** Per programme: envelope, requested (filed) and awarded, on the programme's own scale. */
export function AmountsChart({ rows }: { rows: AmountRow[] }) {
  const { t, locale, money } = useI18n();
  const labelW = 78;
  const valueW = 86;
  const barW = W - labelW - valueW;
  const lineH = 18;
  const blocks = rows.map((r) => ({ ...r, lines: wrap(r.label, 44) }));
  const blockH = (b: { lines: string[] }) => b.lines.length * 15 + 3 * lineH + 16;
  const height = blocks.reduce((h, b) => h + blockH(b), 0) + 4;
  const series = [
    { key: "envelope", label: t("funding.amounts.envelope"), cls: "fd-bar-envelope" },
    { key: "requested", label: t("funding.amounts.requested"), cls: "fd-bar-requested" },
    { key: "awarded", label: t("funding.amounts.awarded"), cls: "fd-bar-awarded" },
  ] as const;
  let y = 0;
  return (
    <Figure
      id="fd-amounts"
      title={t("funding.chart.amounts")}
      caption={t("funding.chart.amountsNote")}
      description={rows
        .map((r) => t("funding.chart.amountsDesc", { programme: r.label, envelope: money(r.envelope), requested: money(r.requested), awarded: money(r.awarded), share: percent(locale, r.shareUsed) }))
        .join(" ")}
      height={height}
      table={
        <table>
          <caption className="visually-hidden">{t("funding.chart.amounts")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("funding.col.programme")}</th>
              <th scope="col">{t("funding.amounts.envelope")}</th>
              <th scope="col">{t("funding.amounts.requested")}</th>
              <th scope="col">{t("funding.amounts.inPreparation")}</th>
              <th scope="col">{t("funding.amounts.awarded")}</th>
              <th scope="col">{t("funding.amounts.shareUsed")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{money(r.envelope)}</td>
                <td>{money(r.requested)}</td>
                <td>{money(r.inPreparation)}</td>
                <td>{money(r.awarded)}</td>
                <td>{percent(locale, r.shareUsed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {blocks.map((b) => {
        const top = y;
        y += blockH(b);
        const scale = Math.max(1, b.envelope, b.requested);
        return (
          <g key={b.label}>
            {b.lines.map((l, i) => (
              <text key={i} x={0} y={top + 12 + i * 15} className="fd-svg-label">
                {l}
              </text>
            ))}
            {series.map((s, i) => {
              const v = b[s.key];
              const by = top + b.lines.length * 15 + 6 + i * lineH;
              return (
                <g key={s.key}>
                  <text x={0} y={by + 11} className="fd-svg-small">
                    {s.label}
                  </text>
                  <rect x={labelW} y={by + 2} width={barW} height={12} rx={2} className="fd-bar-track" />
                  <rect x={labelW} y={by + 2} width={v > 0 ? Math.max(2, Math.min(1, v / scale) * barW) : 0} height={12} rx={2} className={s.cls} />
                  <text x={W} y={by + 11} textAnchor="end" className="fd-svg-small">
                    {compactMoney(locale, v)}
                    {s.key === "awarded" && b.shareUsed !== null ? ` · ${percent(locale, b.shareUsed)}` : ""}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </Figure>
  );
}

/** Median days spent in each stage before the next move. */
export function TimeInStageChart({ times }: { times: StageTime[] }) {
  const { t, locale } = useI18n();
  const labelW = 132;
  const valueW = 60;
  const barW = W - labelW - valueW;
  const row = 26;
  const max = Math.max(1, ...times.map((s) => s.medianDays ?? 0));
  const days = (d: number | null) => (d === null ? "—" : t("funding.chart.days", { count: formatNumber(locale, d, { maximumFractionDigits: 1 }) }));
  return (
    <Figure
      id="fd-times"
      title={t("funding.chart.times")}
      caption={t("funding.chart.timesNote")}
      description={times.map((s) => t("funding.item", { label: t(`funding.stage.${s.stage}`), value: days(s.medianDays) })).join(t("funding.itemSeparator"))}
      height={times.length * row + 4}
      table={
        <table>
          <caption className="visually-hidden">{t("funding.chart.times")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("funding.col.stage")}</th>
              <th scope="col">{t("funding.chart.median")}</th>
              <th scope="col">{t("funding.chart.stays")}</th>
              <th scope="col">{t("funding.chart.ongoing")}</th>
            </tr>
          </thead>
          <tbody>
            {times.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{t(`funding.stage.${s.stage}`)}</th>
                <td>{days(s.medianDays)}</td>
                <td>{s.count}</td>
                <td>{s.ongoing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {times.map((s, i) => {
        const y = i * row;
        return (
          <g key={s.stage}>
            <text x={0} y={y + 16} className="fd-svg-small">
              {t(`funding.stage.${s.stage}`)}
            </text>
            <rect x={labelW} y={y + 5} width={barW} height={14} rx={2} className="fd-bar-track" />
            <rect x={labelW} y={y + 5} width={s.medianDays ? Math.max(2, (s.medianDays / max) * barW) : 0} height={14} rx={2} className="fd-bar-time" />
            <text x={W} y={y + 16} textAnchor="end" className="fd-svg-small">
              {days(s.medianDays)}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}
