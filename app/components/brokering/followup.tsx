/**
 * Following a match up on the coordinator's page: each party's answer and waiting time, whether each
 * introduction email was delivered (plain words, the raw error behind "details"), overlapping live
 * introductions with the merge, and the coordination's notes.
 */
import { Form, Link } from "@remix-run/react";
import type { MessageKey } from "~/modules/i18n";
import { problemKey, type DeliveryProblem } from "~/modules/brokering/delivery";
import { ErrorSummary, FieldScope, TextAreaField, type FieldErrors } from "../form";
import { useI18n } from "../i18n";
import { MatchStatusBadge, ResponseBadge } from "./match-pieces";

export interface DeliveryView {
  postingId: string;
  name: string;
  email: string;
  status: "sent" | "pending" | "failed" | "unknown";
  attempts: number;
  sentAt: string | null;
  nextAttemptAt: string | null;
  outboxId: number | null;
  problem: DeliveryProblem | null;
  error: string | null;
}

/** A raw delivery error in plain words, the raw text behind a toggle. */
export function DeliveryError({ problem, error }: { problem: DeliveryProblem | null; error: string | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <span className="bk-delivery-error">
      {t(problemKey(problem ?? "other"))}{" "}
      <details className="bk-details">
        <summary>{t("coordination.delivery.details")}</summary>
        <code>{error}</code>
      </details>
    </span>
  );
}

/** The people one party's introduction went to, each with the state of the email. */
export function DeliveryList({ list, canRetry }: { list: DeliveryView[]; canRetry: boolean }) {
  const { t, dateTime } = useI18n();
  return (
    <ul className="bk-contacts bk-delivery small">
      {list.map((d) => (
        <li key={d.email} className={`bk-delivery-${d.status}`}>
          <span>
            {d.name} &lt;<a href={`mailto:${d.email}`}>{d.email}</a>&gt;
          </span>{" "}
          <span className={`badge bk-dstatus bk-dstatus-${d.status}`}>{t(`coordination.delivery.status.${d.status}` as MessageKey)}</span>{" "}
          {d.status === "sent" && d.sentAt ? <span className="muted">{t("coordination.delivery.sentAt", { date: dateTime(d.sentAt) })}</span> : null}
          {d.status === "pending" ? (
            <span className="muted">
              {d.attempts > 0 ? t("coordination.delivery.retrying", { attempts: d.attempts, date: d.nextAttemptAt ? dateTime(d.nextAttemptAt) : "" }) : t("coordination.delivery.queued")}
            </span>
          ) : null}
          {d.status === "failed" ? <span className="muted">{t("coordination.delivery.failedAfter", { attempts: d.attempts })}</span> : null}
          {d.status !== "sent" ? <DeliveryError problem={d.problem} error={d.error} /> : null}
          {canRetry && d.outboxId && (d.status === "failed" || (d.status === "pending" && d.attempts > 0)) ? (
            <Form method="post" className="bk-inline-form">
              <input type="hidden" name="intent" value="retry" />
              <input type="hidden" name="outboxId" value={d.outboxId} />
              <button type="submit" className="link-button">
                {t("coordination.delivery.retry", { email: d.email })}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export interface FollowUpView {
  postingId: string;
  clusterName: string;
  response: string;
  respondedAt: string | null;
  respondedByName: string | null;
  waitingDays: number | null;
  answeredAfterDays: number | null;
  reminders: number;
}

/** Who answered, when, and how long the others have been waiting. */
export function FollowUpTable({ rows, introducedAt, reminderDays, expiryDays, live }: { rows: FollowUpView[]; introducedAt: string; reminderDays: number; expiryDays: number; live: boolean }) {
  const { t, date } = useI18n();
  return (
    <section aria-labelledby="followup-title" className="section">
      <h2 id="followup-title">{t("coordination.followup.title")}</h2>
      <p className="hint">
        {t("coordination.followup.lead", { date: date(introducedAt) })}{" "}
        {live ? t("coordination.followup.rules", { reminder: reminderDays, expiry: expiryDays }) : null}
      </p>
      <div className="table-wrap">
        <table className="bk-followup">
          <thead>
            <tr>
              <th scope="col">{t("coordination.followup.party")}</th>
              <th scope="col">{t("coordination.followup.answer")}</th>
              <th scope="col">{t("coordination.followup.time")}</th>
              <th scope="col">{t("coordination.followup.reminders")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.postingId}>
                <th scope="row">{r.clusterName}</th>
                <td>
                  <ResponseBadge response={r.response} />
                  {r.respondedByName ? ` ${t("coordination.followup.by", { name: r.respondedByName })}` : ""}
                </td>
                <td>
                  {r.response === "pending"
                    ? live
                      ? t("coordination.followup.waiting", { days: r.waitingDays ?? 0 })
                      : t("coordination.followup.neverAnswered")
                    : t("coordination.followup.answered", { date: r.respondedAt ? date(r.respondedAt) : "", days: r.answeredAfterDays ?? 0 })}
                </td>
                <td>{t("coordination.followup.reminderCount", { count: r.reminders })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface OverlapView {
  matchId: string;
  status: string;
  decidedAt: string | null;
  parties: { postingId: string; title: string; clusterName: string }[];
  shared: string[];
  addable: string[];
}

/**
 * The proposal's postings are already in live introductions: say which, and offer to merge (add the
 * missing postings to that introduction, or close this proposal when it has nothing to add).
 */
export function OverlapWarning({
  overlaps,
  titles,
  version,
  errors,
}: {
  overlaps: OverlapView[];
  titles: Record<string, string>;
  version: number;
  errors?: FieldErrors;
}) {
  const { t, date } = useI18n();
  if (!overlaps.length) return null;
  return (
    <section aria-labelledby="overlap-title" className="section card bk-overlap">
      <h2 id="overlap-title">{t("coordination.overlap.title")}</h2>
      <FieldScope>
        <ErrorSummary errors={errors} />
        <ul className="bk-overlap-list">
          {overlaps.map((o) => {
            const other = o.parties.map((p) => `${p.title} (${p.clusterName})`).join(" · ");
            const shared = o.shared.map((id) => `« ${titles[id] ?? ""} »`).join(", ");
            const addable = o.addable.map((id) => `« ${titles[id] ?? ""} »`).join(", ");
            return (
              <li key={o.matchId}>
                <p>
                  {t("coordination.overlap.line", { shared, count: o.shared.length })} <Link to={`/coordination/matches/${o.matchId}`}>{other}</Link> <MatchStatusBadge status={o.status} />{" "}
                  {o.decidedAt ? <span className="small muted">{t("coordination.overlap.since", { date: date(o.decidedAt) })}</span> : null}
                </p>
                {o.status === "introduced" ? (
                  <Form method="post" className="bk-inline-form">
                    <input type="hidden" name="intent" value="merge" />
                    <input type="hidden" name="target" value={o.matchId} />
                    <input type="hidden" name="version" value={version} />
                    <button type="submit" className="button">
                      {o.addable.length ? t("coordination.overlap.merge", { titles: addable, count: o.addable.length }) : t("coordination.overlap.covered")}
                    </button>
                  </Form>
                ) : (
                  <p className="small muted">{t("coordination.overlap.noMerge")}</p>
                )}
              </li>
            );
          })}
        </ul>
        <p className="hint">{t("coordination.overlap.orApprove")}</p>
      </FieldScope>
    </section>
  );
}

export interface NoteView {
  id: number;
  body: string;
  createdAt: string;
  authorName: string | null;
}

/** The coordination's running notes: newest first, with author and date; a form to add one. */
export function Notes({ notes, errors, values }: { notes: NoteView[]; errors?: FieldErrors; values?: Record<string, string> }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="notes-title" className="section">
      <h2 id="notes-title">{t("coordination.notes.title")}</h2>
      <p className="hint">{t("coordination.notes.lead")}</p>
      <Form method="post" className="stack" noValidate>
        <FieldScope>
          <ErrorSummary errors={errors} />
          <input type="hidden" name="intent" value="note" />
          <TextAreaField name="body" label={t("coordination.notes.body")} rows={3} defaultValue={values?.body} error={errors?.body} required />
          <button type="submit" className="button secondary">
            {t("coordination.notes.add")}
          </button>
        </FieldScope>
      </Form>
      {notes.length ? (
        <ol className="bk-notes">
          {notes.map((n) => (
            <li key={n.id} className="bk-note-item">
              <p className="small muted">{t("coordination.notes.meta", { name: n.authorName ?? t("brokering.event.system"), date: dateTime(n.createdAt) })}</p>
              <p className="bk-note-body">{n.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("coordination.notes.none")}</p>
      )}
    </section>
  );
}
