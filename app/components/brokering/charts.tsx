/**
 * Server-rendered SVG charts (no library, no script): horizontal bars (single, stacked or grouped)
 * and monthly columns. Every chart is a <figure> with a caption, an SVG titled and described for
 * screen readers, a legend, its data as a table behind "Show the data", and a CSV download.
 */
import { useId, type ReactNode } from "react";
import { useI18n } from "../i18n";

export interface ChartRow {
  label: string;
  values: number[];
}

export interface ChartProps {
  title: string;
  series: string[];
  rows: ChartRow[];
  csvHref: string;
  /** How values are written (default: a localised number). */
  format?: (n: number) => string;
}

/** 1, 2, 5 × 10^k: the smallest "round" number at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** A one-sentence description of the data, for the SVG's <desc>. */
function describe(rows: ChartRow[], series: string[], fmt: (n: number) => string): string {
  const shown = rows.filter((r) => r.values.some((v) => v !== 0));
  if (!shown.length) return "—";
  return shown
    .map((r) => (series.length === 1 ? `${r.label} : ${fmt(r.values[0])}` : `${r.label} : ${r.values.map((v, i) => `${series[i]} ${fmt(v)}`).join(", ")}`))
    .join(" ; ");
}

function Figure({ title, series, rows, csvHref, format, children, descId, titleId }: ChartProps & { children: ReactNode; descId: string; titleId: string }) {
  const { t, number } = useI18n();
  const fmt = format ?? number;
  return (
    <figure className="card bk-chart" aria-labelledby={`${titleId}-cap`}>
      <figcaption id={`${titleId}-cap`} className="bk-chart-title">
        {title}
      </figcaption>
      {children}
      <p id={descId} className="visually-hidden">
        {describe(rows, series, fmt)}
      </p>
      {series.length > 1 ? (
        <ul className="bk-legend" aria-label={t("brokering.impact.legend")}>
          {series.map((s, i) => (
            <li key={s}>
              <span className={`bk-swatch bk-fill-${i}`} aria-hidden="true" />
              {s}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="bk-chart-tools">
        <details>
          <summary>{t("brokering.impact.data")}</summary>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{title}</th>
                  {series.map((s) => (
                    <th key={s} scope="col" className="bk-num">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, i) => (
                      <td key={i} className="bk-num">
                        {fmt(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <a href={csvHref} className="bk-csv" download>
          {t("brokering.impact.csv")}
          <span className="visually-hidden"> — {title}</span>
        </a>
      </div>
    </figure>
  );
}

/** Horizontal bars: one per row; several series are stacked (parts of a whole) or grouped. */
export function BarChart(props: ChartProps & { mode?: "stacked" | "grouped" }) {
  const { number } = useI18n();
  const fmt = props.format ?? number;
  const uid = useId().replace(/:/g, "");
  const titleId = `c${uid}`;
  const descId = `d${uid}`;
  const { rows, series } = props;
  const mode = series.length === 1 ? "stacked" : props.mode ?? "stacked";
  const W = 640;
  const labelW = 220;
  const valueW = 56;
  const barH = mode === "grouped" ? 11 : 18;
  const rowH = mode === "grouped" ? series.length * (barH + 2) + 10 : barH + 10;
  const top = 6;
  const H = top + rows.length * rowH + 20;
  const max = niceMax(Math.max(0, ...rows.map((r) => (mode === "stacked" ? r.values.reduce((s, v) => s + v, 0) : Math.max(...r.values)))));
  const plotW = W - labelW - valueW;
  const x = (v: number) => (v / max) * plotW;
  const ticks = Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max];
  return (
    <Figure {...props} titleId={titleId} descId={descId}>
      <div className="bk-svg-wrap">
        <svg className="bk-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
          <title id={titleId}>{props.title}</title>
          {ticks.map((tk) => (
            <g key={tk} className="bk-grid">
              <line x1={labelW + x(tk)} x2={labelW + x(tk)} y1={top - 2} y2={H - 18} />
              <text x={labelW + x(tk)} y={H - 4} textAnchor="middle">
                {fmt(tk)}
              </text>
            </g>
          ))}
          {rows.map((r, ri) => {
            const y0 = top + ri * rowH;
            const total = r.values.reduce((s, v) => s + v, 0);
            let acc = 0;
            return (
              <g key={r.label}>
                <text className="bk-label" x={labelW - 8} y={y0 + (mode === "grouped" ? (rowH - 10) / 2 : barH / 2) + 4} textAnchor="end">
                  {r.label.length > 31 ? `${r.label.slice(0, 30)}…` : r.label}
                </text>
                {mode === "stacked"
                  ? r.values.map((v, i) => {
                      const rect = (
                        <rect
                          key={i}
                          className={`bk-fill-${series.length === 1 ? "single" : i}`}
                          x={labelW + x(acc)}
                          y={y0}
                          width={Math.max(0, x(v))}
                          height={barH}
                          rx={2}
                        />
                      );
                      acc += v;
                      return rect;
                    })
                  : r.values.map((v, i) => (
                      <g key={i}>
                        <rect className={`bk-fill-${i}`} x={labelW} y={y0 + i * (barH + 2)} width={Math.max(0, x(v))} height={barH} rx={2} />
                        <text className="bk-value" x={labelW + x(v) + 4} y={y0 + i * (barH + 2) + barH - 2}>
                          {fmt(v)}
                        </text>
                      </g>
                    ))}
                {mode === "stacked" ? (
                  <text className="bk-value" x={labelW + x(total) + 4} y={y0 + barH / 2 + 4}>
                    {fmt(total)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </Figure>
  );
}

/** Columns over time (months), several series side by side. */
export function ColumnChart(props: ChartProps) {
  const { number } = useI18n();
  const fmt = props.format ?? number;
  const uid = useId().replace(/:/g, "");
  const titleId = `c${uid}`;
  const descId = `d${uid}`;
  const { rows, series } = props;
  const W = 640;
  const H = 240;
  const left = 36;
  const bottom = 36;
  const top = 12;
  const plotH = H - top - bottom;
  const plotW = W - left - 8;
  const max = niceMax(Math.max(0, ...rows.flatMap((r) => r.values)));
  const slot = rows.length ? plotW / rows.length : plotW;
  const barW = Math.max(2, Math.min(18, (slot - 6) / Math.max(1, series.length)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const every = Math.max(1, Math.ceil(rows.length / 12));
  return (
    <Figure {...props} titleId={titleId} descId={descId}>
      <div className="bk-svg-wrap">
        <svg className="bk-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
          <title id={titleId}>{props.title}</title>
          {(Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max]).map((tk) => (
            <g key={tk} className="bk-grid">
              <line x1={left} x2={W - 8} y1={y(tk)} y2={y(tk)} />
              <text x={left - 4} y={y(tk) + 4} textAnchor="end">
                {fmt(tk)}
              </text>
            </g>
          ))}
          {rows.map((r, ri) => {
            const x0 = left + ri * slot + (slot - barW * series.length) / 2;
            return (
              <g key={r.label}>
                {r.values.map((v, i) => (
                  <rect key={i} className={`bk-fill-${i}`} x={x0 + i * barW} y={y(v)} width={barW - 1} height={Math.max(0, top + plotH - y(v))} rx={1} />
                ))}
                {ri % every === 0 ? (
                  <text className="bk-label" x={left + ri * slot + slot / 2} y={H - bottom + 16} textAnchor="middle">
                    {r.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </Figure>
  );
}
