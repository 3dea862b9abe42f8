import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { OutcomeSection } from "~/components/brokering/fields";
import { EventList, MatchStatusBadge, PartyCard, ReasonList, ResponseBadge, SideBySide } from "~/components/brokering/match-pieces";
import { ChoiceGroup, ErrorSummary, FieldScope, Notice, TextAreaField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { isCoordination } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { outcomeMessage, replyMessage, type Message } from "~/modules/brokering/decision-messages";
import { getIntroductionForParty, recordOutcome, respondToIntroduction } from "~/modules/brokering/introductions.server";
import { outcomeSchema, respondSchema } from "~/modules/brokering/validation";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm, readParam, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (isCoordination(user)) throw redirect(`/coordination/matches/${readParam(params, "id")}`);
  await requireUser(request, { permission: "brokering:introductions", hide: true });
  const view = await getIntroductionForParty(user, readParam(params, "id"));
  if (!view) throw notFound();
  const mine = view.parties.find((p) => p.postingId === view.mine)!;
  const query = readQuery(request);
  const notice = query.get("notice");
  return json({ view, title: mine.posting.title, notice: notice === "answered" || notice === "outcome" ? notice : null });
}

type ActionData = { ok: false; form: string; errors?: FieldErrors; values?: Record<string, string>; message?: Message };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:introductions", hide: true });
  const id = readParam(params, "id");
  const locale = negotiateLocale(request, user.locale);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "respond") {
    const parsed = parseFormData(form, respondSchema);
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: "respond" });
    const r = await respondToIntroduction(user, id, { response: parsed.data.response, reason: "reason" in parsed.data ? parsed.data.reason : null });
    if (!r.ok) {
      const m = replyMessage(r, locale);
      return json<ActionData>({ ok: false, form: "respond", message: m.message }, { status: m.status });
    }
    return redirect(`/introductions/${id}?notice=answered`);
  }
  if (intent === "outcome") {
    const parsed = parseFormData(form, outcomeSchema);
    const which = form.get("outcome") === "abandoned" ? "abandoned" : "concluded";
    if (!parsed.ok) return invalid(parsed.errors, parsed.values, { form: which });
    const r = await recordOutcome(user, id, parsed.data);
    if (!r.ok) {
      const m = outcomeMessage(r, locale, parsed.data.outcome);
      return json<ActionData>({ ok: false, form: which, message: m.message }, { status: m.status });
    }
    return redirect(`/introductions/${id}?notice=outcome`);
  }
  return json<ActionData>({ ok: false, form: "", message: { key: "errorPage.400.body", params: {} } }, { status: 400 });
}

export default function IntroductionPage() {
  const { t, date } = useI18n();
  const { view, title, notice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { match, parties, coordinator, outcome, events } = view;
  const mine = parties.find((p) => p.postingId === view.mine)!;
  const respond = data?.form === "respond" ? data : undefined;
  return (
    <>
      <p>
        <Link to="/introductions">← {t("brokering.intro.title")}</Link>
      </p>
      <h1>{t("brokering.intro.heading", { title })}</h1>
      <p className="posting-badges">
        <MatchStatusBadge status={match.status} />
        <span className="badge">{t(`brokering.type.${match.type}`)}</span>
      </p>
      {notice === "answered" ? (
        <Notice>{match.status === "in_progress" ? t("brokering.intro.allInterested") : t("brokering.intro.answered", { response: t(`brokering.response.${mine.response}` as MessageKey) })}</Notice>
      ) : null}
      {notice === "outcome" ? <Notice>{t("brokering.outcome.done")}</Notice> : null}
      {data?.message ? <Notice tone="error">{t(data.message.key, data.message.params)}</Notice> : null}
      {coordinator && match.decidedAt ? (
        <p>
          {t("brokering.intro.byCoordinator", { name: coordinator.name, date: date(match.decidedAt) })}{" "}
          <a href={`mailto:${coordinator.email}`}>{t("brokering.intro.writeCoordinator", { name: coordinator.name })}</a>
        </p>
      ) : null}
      {match.decisionNote ? (
        <blockquote className="card bk-note" aria-label={t("brokering.intro.note")}>
          <p className="small muted">{t("brokering.intro.note")}</p>
          <p className="prose">{match.decisionNote}</p>
        </blockquote>
      ) : null}

      <section aria-labelledby="parties-title" className="section">
        <h2 id="parties-title">{t("brokering.intro.parties")}</h2>
        <SideBySide label={t("brokering.intro.parties")}>
          {parties.map((p) => (
            <PartyCard key={p.postingId} posting={p.posting} clusterName={p.postingId === view.mine ? `${p.cluster.name} — ${t("brokering.intro.yourCluster")}` : p.cluster.name} highlight={p.postingId === view.mine}>
              <div className="bk-party-foot">
                <p className="small">
                  <strong>{t("brokering.intro.contact")}</strong>
                </p>
                <ul className="bk-contacts small">
                  {p.contacts.map((c) => (
                    <li key={c.email}>
                      {c.name} &lt;<a href={`mailto:${c.email}`}>{c.email}</a>&gt;
                    </li>
                  ))}
                </ul>
                <p className="small">
                  <ResponseBadge response={p.response} />
                </p>
              </div>
            </PartyCard>
          ))}
        </SideBySide>
      </section>

      <section aria-labelledby="why-title" className="section">
        <h2 id="why-title">{t("brokering.reasons")}</h2>
        <ReasonList reasons={match.reasons} postings={parties.map((p) => p.posting)} max={6} headingId="why-title" />
      </section>

      <section aria-labelledby="respond-title" className="section">
        <h2 id="respond-title">{t("brokering.intro.respond")}</h2>
        <p>
          {t("brokering.intro.yourAnswer", { response: t(`brokering.response.${mine.response}` as MessageKey) })}
          {mine.responseReason ? ` — « ${mine.responseReason} »` : ""}
        </p>
        {view.canRespond ? (
          <Form method="post" className="stack card" noValidate>
            <FieldScope>
            <ErrorSummary errors={respond?.errors} />
            <input type="hidden" name="intent" value="respond" />
            <ChoiceGroup
              name="response"
              legend={t("brokering.intro.respond")}
              hideLegend
              required
              // Nothing chosen until the party answers (a pending answer starts empty, never on "interested").
              selected={[respond?.values?.response ?? (mine.response === "pending" ? "" : mine.response)].filter((r) => r === "interested" || r === "not_interested")}
              options={[
                { value: "interested", label: t("brokering.intro.interested") },
                { value: "not_interested", label: t("brokering.intro.notInterested") },
              ]}
              error={respond?.errors?.response}
            />
            <TextAreaField
              name="reason"
              label={t("brokering.intro.reason")}
              hint={t("brokering.intro.reasonHint")}
              rows={3}
              defaultValue={respond?.values?.reason ?? mine.responseReason ?? ""}
              error={respond?.errors?.reason}
            />
            {mine.response !== "pending" ? <p className="hint">{t("brokering.intro.changeAnswer")}</p> : null}
            <button type="submit" className="button" disabled={busy}>
              {t("brokering.intro.submit")}
            </button>
            </FieldScope>
          </Form>
        ) : null}
      </section>

      <OutcomeSection outcome={outcome} canRecord={view.canRecordOutcome} matchStatus={match.status} state={data} />

      <section aria-labelledby="timeline-title" className="section">
        <h2 id="timeline-title">{t("brokering.intro.timeline")}</h2>
        <EventList events={events} />
      </section>
    </>
  );
}
