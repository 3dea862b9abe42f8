/**
 * Stage badge, the pipeline board (one column per board stage: a closed application stays under its
 * decision, or under "withdrawn") and the same applications as a table.
 */
import { Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { BOARD_STAGES, type ApplicationStage, type BoardStage } from "~/modules/funding/stages";

/** A stage, or where the board puts an application; `closed` adds "file closed" to a decided one. */
export function StageBadge({ stage, closed = false }: { stage: ApplicationStage | BoardStage; closed?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`fd-stage fd-stage-${stage}`}>
      {t(`funding.stage.${stage}`)}
      {closed && stage !== "withdrawn" && stage !== "closed" ? ` · ${t("funding.board.closedTag")}` : ""}
    </span>
  );
}

/** Format a calendar date (YYYY-MM-DD) without shifting it through a time zone. */
export function useCalendarDate() {
  const { date } = useI18n();
  return (iso: string | null | undefined) => (iso ? date(`${iso.slice(0, 10)}T12:00:00Z`) : "—");
}

export interface BoardApplication {
  id: string;
  title: string;
  stage: ApplicationStage;
  boardStage: BoardStage;
  stageChangedAt: string;
  deadline: string | null;
  amountRequested: number | null;
  amountAwarded: number | null;
  leadClusterName: string;
  memberNames: string[];
  programmeNameFr: string;
  programmeNameEn: string;
}

export function PipelineBoard({ apps, linkTo }: { apps: BoardApplication[]; linkTo: (id: string) => string }) {
  const { t, money, date } = useI18n();
  const calendar = useCalendarDate();
  return (
    <div className="fd-board">
      {BOARD_STAGES.map((stage) => {
        const list = apps.filter((a) => a.boardStage === stage);
        return (
          <section key={stage} className={`fd-column fd-column-${stage}`} aria-labelledby={`col-${stage}`}>
            <h3 id={`col-${stage}`}>
              <StageBadge stage={stage} /> <span className="count">({list.length})</span>
            </h3>
            {list.length === 0 ? (
              <p className="muted small">{t("funding.board.empty")}</p>
            ) : (
              <ul className="fd-cards">
                {list.map((a) => (
                  <li key={a.id} className="fd-card">
                    <Link to={linkTo(a.id)} className="fd-card-title">
                      {a.title}
                    </Link>
                    {a.stage === "closed" && stage !== "withdrawn" ? <span className="fd-tag">{t("funding.board.closedTag")}</span> : null}
                    <p className="small">{t("funding.board.lead", { name: a.leadClusterName, count: Math.max(0, a.memberNames.length - 1) })}</p>
                    <p className="small">
                      {a.amountAwarded !== null ? t("funding.board.awarded", { amount: money(a.amountAwarded) }) : a.amountRequested !== null ? t("funding.board.requested", { amount: money(a.amountRequested) }) : t("funding.board.noAmount")}
                    </p>
                    <p className="small muted">
                      {a.deadline && ["idea", "consortium_formed", "drafting"].includes(a.stage) ? t("funding.board.deadline", { date: calendar(a.deadline) }) : t("funding.board.since", { date: date(a.stageChangedAt) })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function PipelineTable({ apps, linkTo }: { apps: BoardApplication[]; linkTo: (id: string) => string }) {
  const { t, money, date, locale } = useI18n();
  const calendar = useCalendarDate();
  if (!apps.length) return <p>{t("funding.pipeline.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="fd-table">
        <caption className="visually-hidden">{t("funding.pipeline.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("funding.col.title")}</th>
            <th scope="col">{t("funding.col.programme")}</th>
            <th scope="col">{t("funding.col.stage")}</th>
            <th scope="col">{t("funding.col.consortium")}</th>
            <th scope="col" className="num">
              {t("funding.col.requested")}
            </th>
            <th scope="col" className="num">
              {t("funding.col.awarded")}
            </th>
            <th scope="col">{t("funding.col.deadline")}</th>
            <th scope="col">{t("funding.col.since")}</th>
          </tr>
        </thead>
        <tbody>
          {apps.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <Link to={linkTo(a.id)}>{a.title}</Link>
              </th>
              <td>{locale === "fr" ? a.programmeNameFr : a.programmeNameEn}</td>
              <td>
                <StageBadge stage={a.boardStage} closed={a.stage === "closed"} />
              </td>
              <td>
                <strong>{a.leadClusterName}</strong>
                {a.memberNames.filter((n) => n !== a.leadClusterName).length ? `, ${a.memberNames.filter((n) => n !== a.leadClusterName).join(", ")}` : ""}
              </td>
              <td className="num">{a.amountRequested !== null ? money(a.amountRequested) : "—"}</td>
              <td className="num">{a.amountAwarded !== null ? money(a.amountAwarded) : "—"}</td>
              <td>{calendar(a.deadline)}</td>
              <td>{date(a.stageChangedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
