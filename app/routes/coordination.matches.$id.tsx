import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { REJECTION_CODES } from "@db/schema";
import { OutcomeSection } from "~/components/brokering/fields";
import { DeliveryList, FollowUpTable, Notes, OverlapWarning } from "~/components/brokering/followup";
import { EventList, MatchStatusBadge, PartyCard, ReasonList, ResponseBadge, ScoreMeter, SideBySide } from "~/components/brokering/match-pieces";
import { CrossRefs, recordedLine, useAge } from "~/components/brokering/queue";
import { CheckboxField, ErrorSummary, FieldScope, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { applicationForMatch } from "~/modules/funding/application-create.server";
import { requireUser, notFound } from "~/modules/auth/require-user.server";
import { DEFER_DEFAULT_DAYS } from "~/modules/brokering/constants";
import { decisionFailure, outcomeMessage, withStatusWord } from "~/modules/brokering/decision-messages";
import { approveMatch, deferMatch, rejectMatch, reopenMatch } from "~/modules/brokering/decisions.server";
import { addNote } from "~/modules/brokering/followup.server";
import { recordOutcome } from "~/modules/brokering/introductions.server";
import { mergeIntoIntroduction } from "~/modules/brokering/merge.server";
import { getMatchForCoordinator, nextInQueue, parseQueueFilters } from "~/modules/brokering/queue.server";
import { getBrokeringSettings } from "~/modules/brokering/settings.server";
import { approveSchema, deferSchema, mergeSchema, noteSchema, outcomeSchema, rejectSchema, reopenSchema } from "~/modules/brokering/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { retryMessage } from "~/modules/notifications/worker.server";
import { conflictResult, refusedResult } from "~/modules/result";
import { invalid, parseFormData, readForm, readParam } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.title);

/** The queue's filters the coordinator came from (kept for "decide and next" and the way back). */
function queueContext(url: URL): string {
  const q = url.searchParams.get("q") ?? "";
  return q.length <= 500 ? q : "";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:queue", hide: true });
  const view = await getMatchForCoordinator(readParam(params, "id"));
  if (!view) throw notFound();
  const { templates, reminderDays, expiryDays } = await getBrokeringSettings();
  const title = view.parties.map((p) => p.posting.title).join(" ↔ ");
  const application = await applicationForMatch(view.match.id);
  return json({ view, title, templates, reminderDays, expiryDays, application, q: queueContext(new URL(request.url)) });
}

type ActionData = { ok: false; form: string; errors?: FieldErrors; values?: Record<string, string>; overlaps?: unknown };

const DAY = 86_400_000;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const id = readParam(params, "id");
  const locale = negotiateLocale(request, user.locale);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const q = String(form.get("q") ?? "").slice(0, 500);
  const self = `/coordination/matches/${id}${q ? `?q=${encodeURIComponent(q)}` : ""}`;
  const failed = (f: Parameters<typeof failureResponse>[0], values: Record<string, string>, formName: string, extra: Record<string, unknown> = {}) =>
    failureResponse(f, values, { form: formName, ...extra });

  /**
   * After a decision: the next proposal of the queue the coordinator came from ("decide and next"),
   * the queue when none is left, or this match. `next` is read before deciding (its place in the queue).
   */
  const afterDecision = async (notice: MessageKey, noticeParams: Record<string, string | number>, next: string | null) => {
    if (form.get("then") !== "next") return redirectWithNotice(self, notice, noticeParams);
    if (next) return redirectWithNotice(`/coordination/matches/${next}${q ? `?q=${encodeURIComponent(q)}` : ""}`, "coordination.notice.decidedNext", noticeParams);
    return redirectWithNotice(`/coordination/matches${q ? `?${q}` : ""}`, "coordination.notice.queueDone", noticeParams);
  };
  const nextOne = () => (form.get("then") === "next" ? nextInQueue(parseQueueFilters(new URLSearchParams(q)), id) : Promise.resolve(null));

  if (intent === "approve") {
    const parsed = parseFormData(form, approveSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "approve" });
    const next = await nextOne();
    const r = await approveMatch(user, id, { note: parsed.data.note, templates: { fr: parsed.data.templateFr, en: parsed.data.templateEn }, version: parsed.data.version, overlap: parsed.data.overlap });
    if (!r.ok) return failed(decisionFailure(r, locale), parsed.values, "approve");
    const view = await getMatchForCoordinator(id);
    const shared = new Set((view?.crossRefs ?? []).flatMap((x) => x.others.filter((o) => o.status === "proposed" || o.status === "deferred").map((o) => o.matchId))).size;
    return afterDecision("coordination.notice.approved", { count: r.recipients, shared, title: r.title }, next);
  }
  if (intent === "reject") {
    const parsed = parseFormData(form, rejectSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "reject" });
    const next = await nextOne();
    const r = await rejectMatch(user, id, { code: parsed.data.code, note: parsed.data.reason, version: parsed.data.version });
    if (!r.ok) return failed(decisionFailure(r, locale), parsed.values, "reject");
    return afterDecision("coordination.notice.rejected", { title: r.title }, next);
  }
  if (intent === "defer") {
    const parsed = parseFormData(form, deferSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "defer" });
    const next = await nextOne();
    const r = await deferMatch(user, id, { note: parsed.data.note, until: parsed.data.until, version: parsed.data.version });
    if (!r.ok) return failed(decisionFailure(r, locale), parsed.values, "defer");
    return afterDecision("coordination.notice.deferred", { title: r.title }, next);
  }
  if (intent === "reopen") {
    const parsed = parseFormData(form, reopenSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "reopen" });
    const r = await reopenMatch(user, id, parsed.data.note ?? null);
    if (!r.ok) return failed(decisionFailure(r, locale), parsed.values, "reopen");
    return redirectWithNotice(self, "coordination.notice.reopened");
  }
  if (intent === "merge") {
    const parsed = parseFormData(form, mergeSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "merge" });
    const { templates } = await getBrokeringSettings();
    const r = await mergeIntoIntroduction(user, id, parsed.data.target, { version: parsed.data.version, note: parsed.data.note, templates });
    if (!r.ok) return failed(withStatusWord(r, locale), parsed.values, "merge");
    const to = `/coordination/matches/${r.value.targetId}`;
    return r.value.kind === "covered" ? redirectWithNotice(to, "coordination.notice.covered") : redirectWithNotice(to, "coordination.notice.merged", { added: r.value.added, count: r.value.recipients });
  }
  if (intent === "note") {
    const parsed = parseFormData(form, noteSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "note" });
    const r = await addNote(user, id, parsed.data.body);
    if (!r.ok) return failed(r, parsed.values, "note");
    return redirectWithNotice(`${self}#notes-title`, "coordination.notice.noted");
  }
  if (intent === "retry") {
    const outboxId = Number(form.get("outboxId"));
    const view = await getMatchForCoordinator(id);
    if (!view) throw notFound();
    // only this match's introduction emails
    if (!Number.isInteger(outboxId) || !view.deliveries.some((d) => d.outboxId === outboxId)) return failed(refusedResult("outbox.notRetryable"), {}, "retry");
    if (!(await retryMessage(outboxId))) return failed(conflictResult("outbox.notRetryable"), {}, "retry");
    return redirectWithNotice(self, "coordination.notice.retried");
  }
  if (intent === "outcome") {
    const parsed = parseFormData(form, outcomeSchema);
    const which = form.get("outcome") === "abandoned" ? "abandoned" : "concluded";
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: which });
    const r = await recordOutcome(user, id, parsed.data);
    if (!r.ok) {
      const m = outcomeMessage(r, locale, parsed.data.outcome);
      return json<ActionData>({ ok: false, form: which, errors: { _form: { key: m.message.key, params: m.message.params } } }, { status: m.status });
    }
    return redirectWithNotice(self, "coordination.notice.outcome");
  }
  return json<ActionData>({ ok: false, form: "", errors: { _form: { key: "errorPage.400.body" } } }, { status: 400 });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export default function MatchPage() {
  const { t, date, dateTime } = useI18n();
  const age = useAge();
  const { view, title, templates, reminderDays, expiryDays, application, q } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { match, parties, outcome, events } = view;
  const decidable = match.status === "proposed" || match.status === "deferred";
  const live = match.status === "introduced" || match.status === "in_progress";
  const errorsFor = (form: string) => (data?.form === form ? data : undefined);
  const overlaps = (errorsFor("approve")?.overlaps as typeof view.overlaps | undefined) ?? view.overlaps;
  const titles = Object.fromEntries(parties.map((p) => [p.postingId, p.posting.title]));
  const backTo = `/coordination/matches${q ? `?${q}` : ""}`;
  const jointGrantPool = match.type === "pool" && parties.length > 0 && parties.every((p) => p.posting.category === "joint_grant");
  const tomorrow = isoDay(new Date(Date.now() + DAY));
  const defaultUntil = isoDay(new Date(Date.now() + DEFER_DEFAULT_DAYS * DAY));
  const decisionHidden = (
    <>
      <input type="hidden" name="version" value={match.version} />
      <input type="hidden" name="q" value={q} />
    </>
  );
  const submitPair = (label: string, nextLabel: string, className: string) => (
    <div className="actions">
      <button type="submit" name="then" value="next" className={className} disabled={busy}>
        {nextLabel}
      </button>
      <button type="submit" name="then" value="stay" className="button secondary" disabled={busy}>
        {label}
      </button>
    </div>
  );
  const decidedLine = () => {
    if (view.recordedBy && (match.status === "concluded" || match.status === "abandoned")) return recordedLine(t, match.status, view.recordedBy, date);
    if (view.decidedByName && match.decidedAt && !decidable)
      return t("brokering.queue.decided", { status: t(`brokering.status.${match.status === "in_progress" ? "introduced" : match.status}` as MessageKey), name: view.decidedByName, date: dateTime(match.decidedAt) });
    return "";
  };
  const line = decidedLine();

  return (
    <>
      <p>
        <Link to={backTo}>← {t("brokering.match.back")}</Link>
      </p>
      <div className="bk-item-head">
        <ScoreMeter score={match.score} />
        <div>
          <h1 className="bk-match-title">{t("brokering.match.heading", { title })}</h1>
          <p className="posting-badges">
            <MatchStatusBadge status={match.status} />
            <span className="badge">{t(`brokering.type.${match.type}`)}</span>
            {match.source !== "engine" ? <span className={`badge bk-source-${match.source}`}>{t(`coordination.source.${match.source}` as MessageKey)}</span> : null}
            {view.delivery !== "none" ? <span className={`badge bk-dstatus bk-dstatus-${view.delivery}`}>{t(`coordination.delivery.summary.${view.delivery}` as MessageKey)}</span> : null}
          </p>
          <p className="small muted">
            {t("coordination.created", { age: age(match.createdAt), date: date(match.createdAt) })}
            {line ? ` · ${line}` : ""}
            {match.status === "deferred" && match.deferredUntil ? ` · ${t("coordination.deferredUntil", { date: date(match.deferredUntil) })}` : ""}
          </p>
        </div>
      </div>
      {data?.errors?._form && data.form !== "approve" && data.form !== "merge" ? (
        <FieldScope>
          <ErrorSummary errors={data.errors} only={["_form"]} />
        </FieldScope>
      ) : null}
      {match.status === "withdrawn" ? (
        <p className="alert alert-info">
          {t("brokering.withdrawnBecause", {
            reason: t(`brokering.withdrawn.${["posting_unavailable", "posting_deleted", "no_longer_fits", "superseded_by_larger_pool"].includes(match.withdrawnReason ?? "") ? match.withdrawnReason : "other"}` as MessageKey),
          })}
        </p>
      ) : null}
      {view.delivery === "failed" ? (
        <p className="alert alert-error" role="alert">
          {t("coordination.delivery.failedBanner")}
        </p>
      ) : null}
      {match.decisionNote && !decidable ? <p className="bk-note">{t("brokering.match.decisionNote", { note: match.decisionNote })}</p> : null}

      {decidable ? <OverlapWarning overlaps={overlaps} titles={titles} version={match.version} errors={errorsFor("merge")?.errors} /> : null}

      <section aria-labelledby="parties-title" className="section">
        <h2 id="parties-title">{t("brokering.match.parties")}</h2>
        <SideBySide label={t("brokering.match.parties")}>
          {parties.map((p) => {
            const sent = view.deliveries.filter((d) => d.postingId === p.postingId);
            return (
              <PartyCard key={p.postingId} posting={p.posting} clusterName={p.cluster.name}>
                <div className="bk-party-foot">
                  <p className="small">
                    <strong>{sent.length ? t("coordination.delivery.to") : t("brokering.match.contacts")}</strong>
                  </p>
                  {sent.length ? (
                    <DeliveryList list={sent} canRetry />
                  ) : p.contacts.length ? (
                    <ul className="bk-contacts small">
                      {p.contacts.map((c) => (
                        <li key={c.email}>
                          {c.name} &lt;<a href={`mailto:${c.email}`}>{c.email}</a>&gt; <span className="muted">({t(`lang.${c.locale}` as MessageKey)})</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="small field-error">{t("brokering.match.noContact")}</p>
                  )}
                  {!decidable && match.status !== "rejected" && match.status !== "withdrawn" ? (
                    <p className="small">
                      <ResponseBadge response={p.response} />
                      {p.respondedByName ? ` ${p.respondedByName}` : ""}
                      {p.responseReason ? ` — « ${p.responseReason} »` : ""}
                    </p>
                  ) : null}
                </div>
              </PartyCard>
            );
          })}
        </SideBySide>
      </section>

      <section aria-labelledby="why-title" className="section">
        <h2 id="why-title">{t("brokering.reasons")}</h2>
        <ReasonList reasons={match.reasons} postings={parties.map((p) => p.posting)} headingId="why-title" />
      </section>

      {view.crossRefs.length ? (
        <section className="section" aria-label={t("coordination.xref.title")}>
          <CrossRefs refs={view.crossRefs} headingLevel={2} />
        </section>
      ) : null}

      {decidable ? (
        <section aria-labelledby="decide-title" className="section">
          <h2 id="decide-title">{t("brokering.match.decide")}</h2>
          <div className="grid-2">
            <Form method="post" className="stack card" noValidate aria-labelledby="approve-title">
              <FieldScope>
                <ErrorSummary errors={errorsFor("approve")?.errors} />
                <h3 id="approve-title">{t("brokering.approve.title")}</h3>
                <p className="small muted">{t("brokering.approve.lead")}</p>
                <input type="hidden" name="intent" value="approve" />
                {decisionHidden}
                <TextAreaField
                  name="note"
                  label={t("brokering.approve.note")}
                  hint={t("brokering.approve.noteHint")}
                  defaultValue={errorsFor("approve")?.values?.note}
                  error={errorsFor("approve")?.errors?.note}
                />
                {overlaps.length ? <CheckboxField name="overlap" value="accept" label={t("coordination.overlap.accept")} hint={t("coordination.overlap.acceptHint")} /> : null}
                <details open={!!(errorsFor("approve")?.errors?.templateFr || errorsFor("approve")?.errors?.templateEn)}>
                  <summary>{t("brokering.approve.template")}</summary>
                  <p className="hint">{t("brokering.approve.templateHint", { recipient: "{recipient}", coordinator: "{coordinator}", parties: "{parties}" })}</p>
                  <TextAreaField
                    name="templateFr"
                    label={t("brokering.approve.templateFr")}
                    rows={7}
                    defaultValue={errorsFor("approve")?.values?.templateFr ?? templates.fr}
                    error={errorsFor("approve")?.errors?.templateFr}
                  />
                  <TextAreaField
                    name="templateEn"
                    label={t("brokering.approve.templateEn")}
                    rows={7}
                    defaultValue={errorsFor("approve")?.values?.templateEn ?? templates.en}
                    error={errorsFor("approve")?.errors?.templateEn}
                  />
                </details>
                {submitPair(t("brokering.approve.submit"), t("coordination.approveNext"), "button")}
              </FieldScope>
            </Form>
            <div className="stack">
              <Form method="post" className="stack card" noValidate aria-labelledby="reject-title">
                <FieldScope>
                  <ErrorSummary errors={errorsFor("reject")?.errors} />
                  <h3 id="reject-title">{t("brokering.reject.title")}</h3>
                  <input type="hidden" name="intent" value="reject" />
                  {decisionHidden}
                  <SelectField
                    name="code"
                    label={t("brokering.reject.code")}
                    placeholder={t("brokering.reject.codePlaceholder")}
                    options={REJECTION_CODES.map((c) => ({ value: c, label: t(`brokering.rejection.${c}`) }))}
                    defaultValue={errorsFor("reject")?.values?.code}
                    error={errorsFor("reject")?.errors?.code}
                    required
                  />
                  <TextAreaField
                    name="reason"
                    label={t("brokering.reject.reason")}
                    hint={t("brokering.reject.hint")}
                    defaultValue={errorsFor("reject")?.values?.reason}
                    error={errorsFor("reject")?.errors?.reason}
                    rows={3}
                  />
                  {submitPair(t("brokering.reject.submit"), t("coordination.rejectNext"), "button danger")}
                </FieldScope>
              </Form>
              {match.status === "proposed" ? (
                <Form method="post" className="stack card" noValidate aria-labelledby="defer-title">
                  <FieldScope>
                    <ErrorSummary errors={errorsFor("defer")?.errors} />
                    <h3 id="defer-title">{t("brokering.defer.title")}</h3>
                    <input type="hidden" name="intent" value="defer" />
                    {decisionHidden}
                    <TextField
                      name="until"
                      type="date"
                      min={tomorrow}
                      label={t("coordination.defer.untilDate")}
                      hint={t("coordination.defer.untilHint")}
                      defaultValue={errorsFor("defer")?.values?.until ?? defaultUntil}
                      error={errorsFor("defer")?.errors?.until}
                      required
                    />
                    <TextAreaField name="note" label={t("brokering.defer.note")} rows={2} defaultValue={errorsFor("defer")?.values?.note} error={errorsFor("defer")?.errors?.note} />
                    {submitPair(t("brokering.defer.submit"), t("coordination.deferNext"), "button secondary")}
                  </FieldScope>
                </Form>
              ) : null}
            </div>
          </div>
        </section>
      ) : null}

      {match.status === "rejected" || match.status === "deferred" ? (
        <section aria-labelledby="reopen-title" className="section">
          <Form method="post" className="stack card" noValidate aria-labelledby="reopen-title">
            <FieldScope>
              <ErrorSummary errors={errorsFor("reopen")?.errors} />
              <h2 id="reopen-title">{t("brokering.reopen.title")}</h2>
              <p className="hint">{t("brokering.reopen.hint")}</p>
              <input type="hidden" name="intent" value="reopen" />
              <TextAreaField name="note" label={t("brokering.reopen.note")} rows={2} defaultValue={errorsFor("reopen")?.values?.note} error={errorsFor("reopen")?.errors?.note} />
              <button type="submit" className="button secondary" disabled={busy}>
                {t("brokering.reopen.submit")}
              </button>
            </FieldScope>
          </Form>
        </section>
      ) : null}

      {match.decidedAt && view.followUp.length && ["introduced", "in_progress", "concluded", "abandoned"].includes(match.status) ? (
        <FollowUpTable rows={view.followUp} introducedAt={match.decidedAt} reminderDays={reminderDays} expiryDays={expiryDays} live={match.status === "introduced"} />
      ) : null}

      {jointGrantPool && (live || match.status === "approved" || application) ? (
        <section aria-labelledby="application-title" className="section">
          <h2 id="application-title">{t("coordination.application.title")}</h2>
          {application ? (
            <p>
              {t("coordination.application.made")} <Link to={`/funding/applications/${application.id}`}>{application.title}</Link>
            </p>
          ) : (
            <>
              <p className="hint">{t("coordination.application.lead")}</p>
              <Link to={`/funding/new?fromMatch=${match.id}`} className="button">
                {t("coordination.application.create")}
              </Link>
            </>
          )}
        </section>
      ) : null}

      <OutcomeSection outcome={outcome} canRecord={live} matchStatus={match.status} state={data} />

      <Notes notes={view.notes} errors={errorsFor("note")?.errors} values={errorsFor("note")?.values} />

      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("brokering.match.history")}</h2>
        <EventList events={events} />
      </section>
    </>
  );
}
