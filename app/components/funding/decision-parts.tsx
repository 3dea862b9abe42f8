/**
 * The funder's side of an application page, shared by the funder's page (/pipeline/applications/$id)
 * and the consortium's (/funding/applications/$id, read-only there unless the coordination records for
 * a funder with no account): the decision in force and its history, the funder's forms (receipt,
 * decision, re-opening), the reporting milestones, and the exchange between the funder and the consortium.
 */
import { useI18n } from "~/components/i18n";
import { ChoiceGroup, MoneyField, SelectField, TextAreaField, TextField } from "~/components/form";
import { funderMoves, type ApplicationStage } from "~/modules/funding/stages";
import { COMMENT_MAX, NOTE_MAX } from "~/modules/funding/validation";
import { MILESTONE_KINDS, type MilestoneKind } from "@db/schema/enums";
import { IntentForm, useIntent } from "./application-forms";
import { useCalendarDate } from "./pipeline-views";

export interface DecisionView {
  id: number;
  outcome: "awarded" | "refused";
  amount: number | null;
  conditions: string | null;
  reason: string | null;
  onBehalf: boolean;
  decidedAt: string;
  byName: string | null;
}

export interface MilestoneView {
  id: string;
  kind: MilestoneKind;
  label: string;
  dueOn: string;
  doneOn: string | null;
}

export interface ThreadComment {
  id: number;
  body: string;
  createdAt: string;
  authorName: string | null;
  authorRole?: string | null;
}

/** Is the decision in force? While the application stands at it, or was closed after it. */
export function decisionInForce(stage: ApplicationStage, closedFrom: ApplicationStage | null, decisions: readonly DecisionView[]): DecisionView | null {
  const latest = decisions[0];
  if (!latest) return null;
  const decidedStage = stage === "closed" ? closedFrom : stage;
  if (decidedStage === "awarded" && latest.outcome === "awarded") return latest;
  if (decidedStage === "declined" && latest.outcome === "refused") return latest;
  return null;
}

function DecisionSummary({ decision }: { decision: DecisionView }) {
  const { t, money, dateTime } = useI18n();
  const awarded = decision.outcome === "awarded";
  return (
    <div className={`fd-decision fd-decision-${decision.outcome}`}>
      <p className="fd-decision-title">
        <strong>{awarded ? t("funding.decision.awardedAmount", { amount: money(decision.amount ?? 0) }) : t("funding.decision.refused")}</strong>
      </p>
      {awarded && decision.conditions ? (
        <>
          <p className="small muted">{t("funding.decision.conditions")}</p>
          <p className="fd-note">{decision.conditions}</p>
        </>
      ) : null}
      {!awarded && decision.reason ? (
        <>
          <p className="small muted">{t("funding.decision.reason")}</p>
          <p className="fd-note">{decision.reason}</p>
        </>
      ) : null}
      <p className="small muted">
        {t(decision.onBehalf ? "funding.decision.byOnBehalf" : "funding.decision.by", { name: decision.byName ?? t("funding.comments.formerUser"), date: dateTime(decision.decidedAt) })}
      </p>
    </div>
  );
}

/**
 * The decision: what is in force (or "awaiting the funder"), earlier decisions, and for those who
 * decide the forms the stage allows.
 */
export function DecisionPanel({
  stage,
  closedFrom,
  decisions,
  version,
  canDecide,
  hasFunderAccount,
}: {
  stage: ApplicationStage;
  closedFrom: ApplicationStage | null;
  decisions: DecisionView[];
  version: number;
  canDecide: boolean;
  /** The programme's funder has an account (else the coordination records, on its behalf). */
  hasFunderAccount: boolean;
}) {
  const { t, money, dateTime } = useI18n();
  const current = decisionInForce(stage, closedFrom, decisions);
  const earlier = decisions.filter((d) => d !== current);
  const moves = canDecide ? funderMoves(stage) : [];
  const decide = useIntent("decide");
  const review = useIntent("review");
  const reopen = useIntent("reopen");
  return (
    <section aria-labelledby="decision-title" className="card section fd-decision-panel">
      <h2 id="decision-title">{t("funding.decision.title")}</h2>
      {current ? (
        <DecisionSummary decision={current} />
      ) : (stage === "awarded" || stage === "declined" || closedFrom === "awarded" || closedFrom === "declined") ? (
        <p className="muted">{t("funding.decision.recordedBefore")}</p>
      ) : (
        <p className="muted">{stage === "submitted" || stage === "under_review" ? t("funding.decision.awaiting") : t("funding.decision.notYet")}</p>
      )}
      {canDecide && !hasFunderAccount ? <p className="small">{t("funding.decision.onBehalfHint")}</p> : null}
      {moves.includes("review") ? (
        <IntentForm intent="review" version={version} errors={review.errors} submit={t("funding.decision.review")} secondary className="fd-inline-form" >
          <p className="small muted">{t("funding.decision.reviewHint")}</p>
        </IntentForm>
      ) : null}
      {moves.includes("decide") ? (
        <IntentForm intent="decide" version={version} errors={decide.errors} submit={t("funding.decision.submit")}>
          <ChoiceGroup
            className="fd-radios"
            name="outcome"
            legend={t("funding.decision.outcome")}
            required
            selected={[decide.v.outcome ?? ""]}
            error={decide.e.outcome}
            options={[
              { value: "awarded", label: t("funding.decision.outcome.awarded") },
              { value: "refused", label: t("funding.decision.outcome.refused") },
            ]}
          />
          <MoneyField name="amount" label={t("funding.decision.amount")} hint={t("funding.decision.amountHint")} defaultValue={decide.v.amount} error={decide.e.amount} />
          <TextAreaField name="conditions" label={t("funding.decision.conditions")} hint={t("funding.decision.conditionsHint")} maxLength={COMMENT_MAX} rows={3} defaultValue={decide.v.conditions} error={decide.e.conditions} />
          <TextAreaField name="reason" label={t("funding.decision.reason")} hint={t("funding.decision.reasonHint")} maxLength={NOTE_MAX} rows={3} defaultValue={decide.v.reason} error={decide.e.reason} />
        </IntentForm>
      ) : null}
      {moves.includes("reopen") ? (
        <details className="fd-edit" open={!!reopen.errors}>
          <summary>{t("funding.decision.reopen")}</summary>
          <IntentForm intent="reopen" version={version} errors={reopen.errors} submit={t("funding.decision.reopenSubmit")} secondary>
            <TextAreaField name="note" label={t("funding.move.note")} hint={t("funding.decision.reopenHint")} required maxLength={NOTE_MAX} rows={3} defaultValue={reopen.v.note} error={reopen.e.note} />
          </IntentForm>
        </details>
      ) : null}
      {earlier.length ? (
        <details className="fd-data">
          <summary>{t("funding.decision.history", { count: earlier.length })}</summary>
          <ul className="fd-decision-history">
            {earlier.map((d) => (
              <li key={d.id}>
                {d.outcome === "awarded" ? t("funding.decision.awardedAmount", { amount: money(d.amount ?? 0) }) : t("funding.decision.refused")} —{" "}
                <span className="small muted">{t("funding.decision.by", { name: d.byName ?? t("funding.comments.formerUser"), date: dateTime(d.decidedAt) })}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** The reporting milestones of an award; those who decide add them and record when they are done. */
export function MilestonesSection({ milestones, canDecide, awarded, today }: { milestones: MilestoneView[]; canDecide: boolean; awarded: boolean; today: string }) {
  const { t } = useI18n();
  const calendar = useCalendarDate();
  const add = useIntent("addMilestone");
  const done = useIntent("completeMilestone");
  const remove = useIntent("removeMilestone");
  if (!awarded && !milestones.length) return null;
  const label = (m: MilestoneView) => (m.label ? `${t(`funding.milestone.kind.${m.kind}`)} — ${m.label}` : t(`funding.milestone.kind.${m.kind}`));
  return (
    <section aria-labelledby="milestones-title" className="section">
      <h2 id="milestones-title">
        {t("funding.milestones.title")} <span className="count">({milestones.length})</span>
      </h2>
      <p className="small muted">{t("funding.milestones.lead")}</p>
      {milestones.length === 0 ? (
        <p className="muted">{t("funding.milestones.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="fd-table">
            <caption className="visually-hidden">{t("funding.milestones.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("funding.milestones.kind")}</th>
                <th scope="col">{t("funding.milestones.dueOn")}</th>
                <th scope="col">{t("funding.milestones.status")}</th>
                {canDecide ? <th scope="col">{t("funding.milestones.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => {
                const late = !m.doneOn && m.dueOn < today;
                return (
                  <tr key={m.id}>
                    <th scope="row">{label(m)}</th>
                    <td>{calendar(m.dueOn)}</td>
                    <td>
                      {m.doneOn ? (
                        <span className="fd-stage fd-stage-awarded">{t("funding.milestones.doneOn", { date: calendar(m.doneOn) })}</span>
                      ) : late ? (
                        <span className="fd-stage fd-stage-declined">{t("funding.milestones.late")}</span>
                      ) : (
                        <span className="fd-stage fd-stage-submitted">{t("funding.milestones.due")}</span>
                      )}
                    </td>
                    {canDecide ? (
                      <td>
                        {!m.doneOn ? (
                          <IntentForm intent="completeMilestone" errors={done.v.milestoneId === m.id ? done.errors : undefined} submit={t("funding.milestones.markDone")} secondary className="fd-inline-form">
                            <input type="hidden" name="milestoneId" value={m.id} />
                            <TextField name="doneOn" type="date" label={t("funding.milestones.doneOnLabel", { milestone: label(m) })} required defaultValue={done.v.milestoneId === m.id ? done.v.doneOn : today} error={done.v.milestoneId === m.id ? done.e.doneOn : undefined} />
                          </IntentForm>
                        ) : null}
                        <IntentForm intent="removeMilestone" errors={remove.v.milestoneId === m.id ? remove.errors : undefined} submit={t("funding.milestones.remove")} secondary className="fd-inline-form">
                          <input type="hidden" name="milestoneId" value={m.id} />
                        </IntentForm>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canDecide && awarded ? (
        <IntentForm intent="addMilestone" errors={add.errors} submit={t("funding.milestones.add")} secondary className="fd-inline-form">
          <SelectField name="kind" label={t("funding.milestones.kind")} required defaultValue={add.v.kind ?? "progress_report"} options={MILESTONE_KINDS.map((k) => ({ value: k, label: t(`funding.milestone.kind.${k}`) }))} error={add.e.kind} />
          <TextField name="label" label={t("funding.milestones.label")} hint={t("funding.milestones.labelHint")} maxLength={200} defaultValue={add.v.label} error={add.e.label} />
          <TextField name="dueOn" type="date" label={t("funding.milestones.dueOn")} required defaultValue={add.v.dueOn} error={add.e.dueOn} />
        </IntentForm>
      ) : null}
    </section>
  );
}

/** The exchange between the funder and the consortium: both read it, both write in it. */
export function FunderThread({ comments, canWrite, funderSide }: { comments: ThreadComment[]; canWrite: boolean; funderSide: boolean }) {
  const { t, dateTime } = useI18n();
  const { errors, e, v } = useIntent("funderComment");
  return (
    <section aria-labelledby="funder-thread-title" className="section">
      <h2 id="funder-thread-title">
        {t("funding.thread.title")} <span className="count">({comments.length})</span>
      </h2>
      <p className="small muted">{funderSide ? t("funding.thread.leadFunder") : t("funding.thread.leadConsortium")}</p>
      {comments.length === 0 ? <p className="muted">{t("funding.thread.none")}</p> : null}
      <ol className="fd-comments">
        {comments.map((c) => (
          <li key={c.id} className={`card${c.authorRole === "funder" ? " fd-comment-funder" : ""}`}>
            <p className="small muted">
              <strong>{c.authorName ?? t("funding.comments.formerUser")}</strong>
              {c.authorRole === "funder" ? <span className="fd-tag">{t("funding.thread.funder")}</span> : null} · <time dateTime={c.createdAt}>{dateTime(c.createdAt)}</time>
            </p>
            <p className="fd-note">{c.body}</p>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <IntentForm key={comments.length} intent="funderComment" errors={errors} submit={t("funding.thread.submit")} secondary>
          <TextAreaField name="body" label={funderSide ? t("funding.thread.addFunder") : t("funding.thread.addConsortium")} required maxLength={COMMENT_MAX} rows={3} defaultValue={v.body} error={e.body} />
        </IntentForm>
      ) : null}
    </section>
  );
}
