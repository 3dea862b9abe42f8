/**
 * Server-rendered SVG charts (no library, no script): horizontal bars (single, stacked or grouped) and
 * monthly columns. Every chart is a <figure> with a caption, an SVG titled and described for screen
 * readers, a legend, its data as a table behind "Show the data" (with any extra columns — money, GHG —
 * that the bars do not draw), and a CSV download of the same data.
 *
 * Legibility: a narrow 340-unit viewBox and 14-unit text, so labels stay at 12 px or more down to a
 * 390 px phone (the SVG is never drawn narrower than ~316 px there); each bar's label sits on its own
 * line above it, never truncated to fit a column. Series colours are at least 3:1 against the white
 * card, and stacked segments are separated by a white gap so neighbours need no contrast of their own.
 */
import { useId, type ReactNode } from "react";
import { useI18n } from "../i18n";

export interface ChartRow {
  label: string;
  values: number[];
  /** What to write instead of the value (e.g. "—" for a median of nothing). */
  display?: string;
}

/** A column of the data table the bars do not draw (money saved, GHG avoided…). */
export interface ExtraColumn {
  label: string;
  values: number[];
  format?: (n: number) => string;
}

export interface ChartProps {
  title: string;
  series: string[];
  rows: ChartRow[];
  csvHref: string;
  /** How values are written (default: a localised number). */
  format?: (n: number) => string;
  more?: ExtraColumn[];
  /** A sentence under the title (what is counted). */
  note?: string;
  /** Shown instead of the bars when there are no rows. */
  empty?: string;
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
    .map((r) => (series.length === 1 ? `${r.label} : ${r.display ?? fmt(r.values[0])}` : `${r.label} : ${r.values.map((v, i) => `${series[i]} ${fmt(v)}`).join(", ")}`))
    .join(" ; ");
}

const W = 340;
const TEXT = 14;

/** The caption, legend, data table and CSV link around a chart. */
export function Figure({ title, series, rows, csvHref, format, more = [], note, empty, children, descId, titleId }: ChartProps & { children: ReactNode; descId: string; titleId: string }) {
  const { t, number } = useI18n();
  const fmt = format ?? number;
  return (
    <figure className="card bk-chart" aria-labelledby={`${titleId}-cap`}>
      <figcaption id={`${titleId}-cap`} className="bk-chart-title">
        {title}
        {note ? <span className="bk-chart-note">{note}</span> : null}
      </figcaption>
      {rows.length === 0 && empty ? <p className="muted">{empty}</p> : children}
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
                  {more.map((c) => (
                    <th key={c.label} scope="col" className="bk-num">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, ri) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, i) => (
                      <td key={i} className="bk-num">
                        {r.display ?? fmt(v)}
                      </td>
                    ))}
                    {more.map((c) => (
                      <td key={c.label} className="bk-num">
                        {(c.format ?? number)(c.values[ri] ?? 0)}
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

function useChartIds() {
  const uid = useId().replace(/:/g, "");
  return { titleId: `c${uid}`, descId: `d${uid}` };
}

/** Horizontal bars: one per row, its label on the line above; several series are stacked (parts of a whole) or grouped. */
export function BarChart(props: ChartProps & { mode?: "stacked" | "grouped" }) {
  const { number } = useI18n();
  const fmt = props.format ?? number;
  const { titleId, descId } = useChartIds();
  const { rows, series } = props;
  const mode = series.length === 1 ? "stacked" : (props.mode ?? "stacked");
  const valueW = 64;
  const barH = mode === "grouped" ? 12 : 16;
  const labelH = TEXT + 6;
  const barsH = mode === "grouped" ? series.length * (barH + 3) : barH;
  const rowH = labelH + barsH + 10;
  const H = rows.length * rowH + 4;
  const max = niceMax(Math.max(0, ...rows.map((r) => (mode === "stacked" ? r.values.reduce((s, v) => s + v, 0) : Math.max(...r.values)))));
  const plotW = W - valueW;
  const x = (v: number) => (v / max) * plotW;
  return (
    <Figure {...props} titleId={titleId} descId={descId}>
      <svg className="bk-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{props.title}</title>
        {rows.map((r, ri) => {
          const y0 = ri * rowH;
          const yBars = y0 + labelH;
          const total = r.values.reduce((s, v) => s + v, 0);
          let acc = 0;
          return (
            <g key={r.label}>
              <text className="bk-label" x={0} y={y0 + TEXT}>
                {r.label.length > 44 ? `${r.label.slice(0, 43)}…` : r.label}
              </text>
              <rect className="bk-track" x={0} y={yBars} width={plotW} height={barsH} rx={2} />
              {mode === "stacked"
                ? r.values.map((v, i) => {
                    const rect = <rect key={i} className={`bk-fill-${series.length === 1 ? "single" : i} bk-seg`} x={x(acc)} y={yBars} width={Math.max(0, x(v))} height={barH} rx={2} />;
                    acc += v;
                    return rect;
                  })
                : r.values.map((v, i) => (
                    <g key={i}>
                      <rect className={`bk-fill-${i}`} x={0} y={yBars + i * (barH + 3)} width={Math.max(0, x(v))} height={barH} rx={2} />
                      <text className="bk-value" x={x(v) + 4} y={yBars + i * (barH + 3) + barH - 1}>
                        {fmt(v)}
                      </text>
                    </g>
                  ))}
              {mode === "stacked" ? (
                <text className="bk-value" x={x(total) + 4} y={yBars + barH - 2}>
                  {r.display ?? fmt(total)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </Figure>
  );
}

/** Columns over time (months), several series side by side; labels spaced so they never overlap. */
export function ColumnChart(props: ChartProps) {
  const { number } = useI18n();
  const fmt = props.format ?? number;
  const { titleId, descId } = useChartIds();
  const { rows, series } = props;
  const H = 230;
  const left = 34;
  const bottom = 44;
  const top = 12;
  const plotH = H - top - bottom;
  const plotW = W - left - 4;
  const max = niceMax(Math.max(0, ...rows.flatMap((r) => r.values)));
  const slot = rows.length ? plotW / rows.length : plotW;
  const barW = Math.max(2, Math.min(16, (slot - 4) / Math.max(1, series.length)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  // A month label ("janv. 2026") needs about 70 units at 14-unit text: show every `every`-th one.
  const every = Math.max(1, Math.ceil(70 / slot));
  const ticks = Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max];
  return (
    <Figure {...props} titleId={titleId} descId={descId}>
      <svg className="bk-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{props.title}</title>
        {ticks.map((tk) => (
          <g key={tk} className="bk-grid">
            <line x1={left} x2={W - 4} y1={y(tk)} y2={y(tk)} />
            <text x={left - 4} y={y(tk) + 5} textAnchor="end">
              {fmt(tk)}
            </text>
          </g>
        ))}
        {rows.map((r, ri) => {
          const x0 = left + ri * slot + (slot - barW * series.length) / 2;
          const [month, year] = r.label.split(/\s(?=\d{4}$)/);
          return (
            <g key={r.label}>
              {r.values.map((v, i) => (
                <rect key={i} className={`bk-fill-${i}`} x={x0 + i * barW} y={y(v)} width={barW - 1} height={Math.max(0, top + plotH - y(v))} rx={1} />
              ))}
              {ri % every === 0 ? (
                <text className="bk-label" x={left + ri * slot + slot / 2} y={H - bottom + 18} textAnchor="middle">
                  <tspan>{month}</tspan>
                  {year ? (
                    <tspan x={left + ri * slot + slot / 2} dy={TEXT + 2}>
                      {year}
                    </tspan>
                  ) : null}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </Figure>
  );
}
