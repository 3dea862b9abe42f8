/** Presentational pieces of the brokering pages: reasons, the postings side by side, badges. */
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/modules/i18n";
import { isExclusionCode, reasonContext, reasonPoints, reasonText, sortedReasons, type ReasonLike, type ReasonPosting } from "~/modules/brokering/reasons";
import { useI18n } from "../i18n";
import { useDayFormat } from "../posting-card";

export function MatchStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge bk-status bk-status-${status}`}>{t(`brokering.status.${status}` as MessageKey)}</span>;
}

export function ResponseBadge({ response }: { response: string }) {
  const { t } = useI18n();
  return <span className={`badge bk-response bk-response-${response}`}>{t(`brokering.response.${response}` as MessageKey)}</span>;
}

/** The score as a ring-free meter: a number and a bar, announced as "score 78 out of 100". */
export function ScoreMeter({ score }: { score: number }) {
  const { t } = useI18n();
  return (
    <div className="bk-score" role="img" aria-label={t("brokering.scoreLabel", { score })}>
      <span className="bk-score-value" aria-hidden="true">
        {score}
      </span>
      <span className="bk-score-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
      </span>
    </div>
  );
}

/** The engine's reasons in words, best first, each with the points it adds. */
export function ReasonList({ reasons, postings, max, headingId }: { reasons: ReasonLike[]; postings: ReasonPosting[]; max?: number; headingId?: string }) {
  const { t, locale } = useI18n();
  const ctx = reasonContext(postings);
  const sorted = sortedReasons(reasons);
  const shown = max ? sorted.slice(0, max) : sorted;
  return (
    <ul className="bk-reasons" aria-labelledby={headingId}>
      {shown.map((r, i) => {
        const points = reasonPoints(r);
        const excluded = isExclusionCode(r.code);
        return (
          <li key={`${r.code}-${i}`} className={excluded ? "bk-reason bk-reason-excluded" : "bk-reason"}>
            <span className="bk-reason-text">{reasonText(t, locale, r, ctx)}</span>
            {points > 0 ? (
              <span className="bk-reason-points">
                <span className="bk-reason-bar" aria-hidden="true">
                  <span style={{ width: `${Math.min(100, points * 2.5)}%` }} />
                </span>
                {t("brokering.points", { points })}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

export interface PartyPostingView {
  id: string;
  kind: string;
  category: string;
  title: string;
  description: string;
  language: string;
  region: string | null;
  startDate: string | null;
  endDate: string | null;
  status?: string;
  visibility?: string;
}

/** One party's posting, as a card in the side-by-side view. */
export function PartyCard({
  posting,
  clusterName,
  children,
  headingLevel = 3,
  highlight,
}: {
  posting: PartyPostingView;
  clusterName: string;
  children?: React.ReactNode;
  headingLevel?: 2 | 3 | 4;
  highlight?: boolean;
}) {
  const { t } = useI18n();
  const day = useDayFormat();
  const H = `h${headingLevel}` as "h2" | "h3" | "h4";
  return (
    <article className={`card bk-party bk-party-${posting.kind}${highlight ? " bk-party-mine" : ""}`}>
      <p className="posting-badges">
        <span className={`badge pkind-${posting.kind}`}>{t(`kind.${posting.kind}` as MessageKey)}</span>
        <span className="badge">{t(`category.${posting.category}` as MessageKey)}</span>
        {posting.visibility === "coordinator" ? <span className="badge confidential">{t("brokering.match.confidential")}</span> : null}
        {posting.status && posting.status !== "open" ? (
          <span className={`badge pstatus-${posting.status}`}>{t(`postings.status.${posting.status}` as MessageKey)}</span>
        ) : null}
      </p>
      <p className="bk-party-cluster">{clusterName}</p>
      <H className="bk-party-title">
        <Link to={`/postings/${posting.id}`} lang={posting.language}>
          {posting.title}
        </Link>
      </H>
      <p className="muted small">
        {posting.region ? t(`region.${posting.region}` as MessageKey) : null}
        {posting.region && (posting.startDate || posting.endDate) ? " · " : null}
        {posting.startDate || posting.endDate ? `${posting.startDate ? day(posting.startDate) : "…"} – ${posting.endDate ? day(posting.endDate) : "…"}` : null}
      </p>
      <p className="bk-party-desc" lang={posting.language}>
        {posting.description}
      </p>
      {children}
    </article>
  );
}

/** Postings side by side (a pair) or in a row of cards (a pool), with a connector between them. */
export function SideBySide({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <div className="bk-side" role="group" aria-label={label}>
      {children}
    </div>
  );
}

export interface EventView {
  id: number;
  kind: string;
  actorName: string | null;
  postingTitle: string | null;
  note: string | null;
  data: unknown;
  at: string | Date;
}

/** The history of a match, oldest first. */
export function EventList({ events, emptyKey = "brokering.match.noHistory" }: { events: EventView[]; emptyKey?: MessageKey }) {
  const { t, dateTime } = useI18n();
  if (!events.length) return <p className="muted">{t(emptyKey)}</p>;
  return (
    <ol className="bk-events">
      {events.map((e) => {
        const response = (e.data as { response?: string } | null)?.response;
        const text = t(`brokering.event.${e.kind}` as MessageKey, {
          name: e.actorName ?? t("brokering.event.system"),
          posting: e.postingTitle ?? "",
          response: response ? t(`brokering.response.${response}` as MessageKey) : "",
        });
        return (
          <li key={e.id} className={`bk-event bk-event-${e.kind}`}>
            <p className="bk-event-text">
              <time dateTime={new Date(e.at).toISOString()} className="small muted">
                {dateTime(e.at)}
              </time>{" "}
              {text}
            </p>
            {e.note ? <p className="bk-event-note">{e.note}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
