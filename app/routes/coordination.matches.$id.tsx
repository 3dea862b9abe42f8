import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { OutcomeSection } from "~/components/brokering/fields";
import { EventList, MatchStatusBadge, PartyCard, ReasonList, ResponseBadge, ScoreMeter, SideBySide } from "~/components/brokering/match-pieces";
import { ErrorSummary, FieldScope, Notice, SelectField, TextAreaField, type FieldErrors } from "~/components/form";
import { REJECTION_CODES } from "@db/schema";
import { useI18n } from "~/components/i18n";
import { requireUser, notFound } from "~/modules/auth/require-user.server";
import { decisionMessage, outcomeMessage, type Message } from "~/modules/brokering/decision-messages";
import { approveMatch, deferMatch, rejectMatch, reopenMatch } from "~/modules/brokering/decisions.server";
import { recordOutcome } from "~/modules/brokering/introductions.server";
import { getMatchForCoordinator } from "~/modules/brokering/queue.server";
import { getBrokeringSettings } from "~/modules/brokering/settings.server";
import { approveSchema, deferSchema, outcomeSchema, rejectSchema, reopenSchema } from "~/modules/brokering/validation";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.title);

const NOTICES: Record<string, MessageKey> = {
  approved: "brokering.approve.done",
  rejected: "brokering.reject.done",
  deferred: "brokering.defer.done",
  reopened: "brokering.reopen.done",
  outcome: "brokering.outcome.done",
  created: "brokering.manual.created",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "brokering:queue", hide: true });
  const view = await getMatchForCoordinator(params.id ?? "");
  if (!view) throw notFound();
  const url = new URL(request.url);
  const notice = NOTICES[url.searchParams.get("notice") ?? ""] ?? null;
  const { templates } = await getBrokeringSettings();
  const title = view.parties.map((p) => p.posting.title).join(" ↔ ");
  return json({ view, title, templates, notice, count: Number(url.searchParams.get("count") ?? 0) });
}

type ActionData = { ok: false; form: string; errors?: FieldErrors; values?: Record<string, string>; message?: Message };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const id = params.id ?? "";
  const locale = negotiateLocale(request, user.locale);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const refused = (status: number, message: Message, formName: string) => json<ActionData>({ ok: false, form: formName, message }, { status });
  const done = (notice: string, extra = "") => redirect(`/coordination/matches/${id}?notice=${notice}${extra}`);

  if (intent === "approve") {
    const parsed = parseFormData(form, approveSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "approve" });
    const r = await approveMatch(user, id, { note: parsed.data.note, templates: { fr: parsed.data.templateFr, en: parsed.data.templateEn } });
    if (!r.ok) return refused(decisionMessage(r, locale).status, decisionMessage(r, locale).message, "approve");
    return done("approved", `&count=${r.recipients}`);
  }
  if (intent === "reject") {
    const parsed = parseFormData(form, rejectSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "reject" });
    const r = await rejectMatch(user, id, { code: parsed.data.code, note: parsed.data.reason });
    if (!r.ok) return refused(decisionMessage(r, locale).status, decisionMessage(r, locale).message, "reject");
    return done("rejected");
  }
  if (intent === "defer" || intent === "reopen") {
    const parsed = parseFormData(form, intent === "defer" ? deferSchema : reopenSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: intent });
    const r = intent === "defer" ? await deferMatch(user, id, parsed.data.note ?? null) : await reopenMatch(user, id, parsed.data.note ?? null);
    if (!r.ok) return refused(decisionMessage(r, locale).status, decisionMessage(r, locale).message, intent);
    return done(intent === "defer" ? "deferred" : "reopened");
  }
  if (intent === "outcome") {
    const parsed = parseFormData(form, outcomeSchema);
    const which = form.get("outcome") === "abandoned" ? "abandoned" : "concluded";
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: which });
    const r = await recordOutcome(user, id, parsed.data);
    if (!r.ok) {
      const m = outcomeMessage(r, locale, parsed.data.outcome);
      return refused(m.status, m.message, which);
    }
    return done("outcome");
  }
  return json<ActionData>({ ok: false, form: "", message: { key: "errorPage.400.body", params: {} } }, { status: 400 });
}

export default function MatchPage() {
  const { t, date, dateTime } = useI18n();
  const { view, title, templates, notice, count } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { match, parties, outcome, events } = view;
  const decidable = match.status === "proposed" || match.status === "deferred";
  const errorsFor = (form: string) => (data?.form === form ? data : undefined);
  return (
    <>
      <p>
        <Link to="/coordination/matches">← {t("brokering.match.back")}</Link>
      </p>
      <div className="bk-item-head">
        <ScoreMeter score={match.score} />
        <div>
          <h1 className="bk-match-title">{t("brokering.match.heading", { title })}</h1>
          <p className="posting-badges">
            <MatchStatusBadge status={match.status} />
            <span className="badge">{t(`brokering.type.${match.type}`)}</span>
            {match.source === "manual" ? <span className="badge bk-manual">{t("brokering.source.manual")}</span> : null}
          </p>
          <p className="small muted">
            {t("brokering.queue.created", { date: date(match.createdAt) })}
            {view.decidedByName && match.decidedAt && !decidable
              ? ` · ${t("brokering.queue.decided", { status: t(`brokering.status.${match.status}` as MessageKey), name: view.decidedByName, date: dateTime(match.decidedAt) })}`
              : ""}
          </p>
        </div>
      </div>
      {notice ? <Notice>{t(notice, { count })}</Notice> : null}
      {data?.message ? <Notice tone="error">{t(data.message.key, data.message.params)}</Notice> : null}
      {match.status === "withdrawn" ? (
        <Notice tone="info">
          {t("brokering.withdrawnBecause", {
            reason: t(`brokering.withdrawn.${["posting_unavailable", "posting_deleted", "no_longer_fits", "superseded_by_larger_pool"].includes(match.withdrawnReason ?? "") ? match.withdrawnReason : "other"}` as MessageKey),
          })}
        </Notice>
      ) : null}
      {match.decisionNote && !decidable ? <p className="bk-note">{t("brokering.match.decisionNote", { note: match.decisionNote })}</p> : null}

      <section aria-labelledby="parties-title" className="section">
        <h2 id="parties-title">{t("brokering.match.parties")}</h2>
        <SideBySide label={t("brokering.match.parties")}>
          {parties.map((p) => (
            <PartyCard key={p.postingId} posting={p.posting} clusterName={p.cluster.name}>
              <div className="bk-party-foot">
                <p className="small">
                  <strong>{p.introduced ? t("brokering.match.introducedTo") : t("brokering.match.contacts")}</strong>
                </p>
                {p.contacts.length ? (
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
          ))}
        </SideBySide>
      </section>

      <section aria-labelledby="why-title" className="section">
        <h2 id="why-title">{t("brokering.reasons")}</h2>
        <ReasonList reasons={match.reasons} postings={parties.map((p) => p.posting)} headingId="why-title" />
      </section>

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
              <TextAreaField
                name="note"
                label={t("brokering.approve.note")}
                hint={t("brokering.approve.noteHint")}
                defaultValue={errorsFor("approve")?.values?.note}
                error={errorsFor("approve")?.errors?.note}
              />
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
              <button type="submit" className="button" disabled={busy}>
                {t("brokering.approve.submit")}
              </button>
              </FieldScope>
            </Form>
            <div className="stack">
              <Form method="post" className="stack card" noValidate aria-labelledby="reject-title">
                <FieldScope>
                <ErrorSummary errors={errorsFor("reject")?.errors} />
                <h3 id="reject-title">{t("brokering.reject.title")}</h3>
                <input type="hidden" name="intent" value="reject" />
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
                <button type="submit" className="button danger" disabled={busy}>
                  {t("brokering.reject.submit")}
                </button>
                </FieldScope>
              </Form>
              {match.status === "proposed" ? (
                <Form method="post" className="stack card" noValidate aria-labelledby="defer-title">
                  <FieldScope>
                  <ErrorSummary errors={errorsFor("defer")?.errors} />
                  <h3 id="defer-title">{t("brokering.defer.title")}</h3>
                  <input type="hidden" name="intent" value="defer" />
                  <TextAreaField name="note" label={t("brokering.defer.note")} rows={2} defaultValue={errorsFor("defer")?.values?.note} error={errorsFor("defer")?.errors?.note} />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t("brokering.defer.submit")}
                  </button>
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

      <OutcomeSection outcome={outcome} canRecord={match.status === "introduced" || match.status === "in_progress"} matchStatus={match.status} state={data} />

      <section aria-labelledby="history-title" className="section">
        <h2 id="history-title">{t("brokering.match.history")}</h2>
        <EventList events={events} />
      </section>
    </>
  );
}
