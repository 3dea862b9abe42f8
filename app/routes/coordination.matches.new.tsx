import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { redirectWithNotice } from "~/modules/http/respond.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ReasonList, ScoreMeter } from "~/components/brokering/match-pieces";
import { ChoiceGroup, ErrorSummary, FieldScope, Notice, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { manualMessage, type Message } from "~/modules/brokering/decision-messages";
import { MANUAL_MAX_POSTINGS } from "~/modules/brokering/constants";
import { createManualMatch, previewManualMatch } from "~/modules/brokering/decisions.server";
import { searchPostingsForManual } from "~/modules/brokering/queue.server";
import { manualSchema } from "~/modules/brokering/validation";
import { isExclusionCode, reasonContext, reasonText } from "~/modules/brokering/reasons";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "brokering.manual.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const locale = negotiateLocale(request, user.locale);
  const query = readQuery(request);
  const q = (query.get("q") ?? "").slice(0, 200);
  const ids = [...new Set(query.getAll("ids"))].slice(0, MANUAL_MAX_POSTINGS + 1);
  const { chosen, found } = await searchPostingsForManual(q, ids);
  let preview = null;
  let refusal: Message | null = null;
  let existing = null;
  if (chosen.length >= 2) {
    const p = await previewManualMatch(chosen.map((c) => c.id));
    if (p.ok) {
      preview = p.preview;
      existing = p.existing;
    } else refusal = manualMessage(p, locale).message;
  }
  return json({ q, chosen, found, preview, refusal, existing });
}

type ActionData = { ok: false; errors?: FieldErrors; values?: Record<string, string>; message?: Message; existingId?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "brokering:queue", hide: true });
  const parsed = parseFormData(await readForm(request), manualSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  const r = await createManualMatch(user, parsed.data.ids, parsed.data.note ?? null);
  if (r.ok) return redirectWithNotice(`/coordination/matches/${r.matchId}`, "coordination.notice.created");
  const m = manualMessage(r, negotiateLocale(request, user.locale));
  return json<ActionData>({ ok: false, message: m.message, existingId: r.reason === "exists" ? r.matchId : undefined }, { status: m.status });
}

export default function ManualMatch() {
  const { t, locale } = useI18n();
  const { q, chosen, found, preview, refusal, existing } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const row = (p: (typeof chosen)[number]) => (
    <>
      <span className={`badge pkind-${p.kind}`}>{t(`kind.${p.kind}` as MessageKey)}</span> <strong lang={p.language}>{p.title}</strong>{" "}
      <span className="muted small">
        — {p.clusterName} · {t(`category.${p.category}` as MessageKey)}
      </span>
    </>
  );
  return (
    <>
      <p>
        <Link to="/coordination/matches">← {t("brokering.match.back")}</Link>
      </p>
      <h1>{t("brokering.manual.title")}</h1>
      <p className="lead">{t("brokering.manual.lead")}</p>
      {data?.message ? (
        <Notice tone="error">
          {t(data.message.key, data.message.params)}{" "}
          {data.existingId ? <Link to={`/coordination/matches/${data.existingId}`}>{t("brokering.manual.seeExisting")}</Link> : null}
        </Notice>
      ) : null}

      <Form method="get" className="stack bk-manual-pick">
        <ChoiceGroup
          className="bk-fieldset bk-pick-list"
          type="checkbox"
          name="ids"
          legend={t("brokering.manual.selected")}
          hint={chosen.length === 0 ? t("brokering.manual.noneSelected") : undefined}
          options={chosen.map((p) => ({ value: p.id, label: row(p) }))}
          selected={chosen.map((p) => p.id)}
        />
        <TextField name="q" type="search" label={t("brokering.manual.search")} defaultValue={q} />
        {q ? (
          <ChoiceGroup
            className="bk-fieldset bk-pick-list"
            type="checkbox"
            name="ids"
            legend={t("brokering.manual.results")}
            hint={found.length === 0 ? t("brokering.manual.noResults") : undefined}
            options={found.map((p) => ({ value: p.id, label: row(p) }))}
            selected={[]}
          />
        ) : null}
        <button type="submit" className="button secondary">
          {t("brokering.manual.searchSubmit")}
        </button>
      </Form>

      {refusal ? <Notice tone="error">{t(refusal.key, refusal.params)}</Notice> : null}
      {existing ? (
        <Notice tone="info">
          {t("brokering.manual.exists", { status: t(`brokering.status.${existing.status}` as MessageKey).toLowerCase() })}{" "}
          <Link to={`/coordination/matches/${existing.id}`}>{t("brokering.manual.seeExisting")}</Link>
        </Notice>
      ) : null}
      {preview ? (
        <section aria-labelledby="preview-title" className="section card">
          <div className="bk-item-head">
            <ScoreMeter score={preview.score} />
            <h2 id="preview-title">{t("brokering.manual.preview", { score: preview.score })}</h2>
          </div>
          <p className="posting-badges">
            <span className="badge">{t(`brokering.type.${preview.type}`)}</span>
          </p>
          {preview.excludedBy.length ? (
            <Notice tone="info">
              {t("brokering.manual.excluded", {
                rules: preview.reasons
                  .filter((r) => isExclusionCode(r.code))
                  .map((r) => reasonText(t, locale, r, reasonContext(chosen)))
                  .join(" ; "),
              })}
            </Notice>
          ) : null}
          <ReasonList reasons={preview.reasons} postings={chosen} headingId="preview-title" />
          {!existing || existing.status === "withdrawn" ? (
            <Form method="post" className="stack" noValidate>
              <FieldScope>
              <ErrorSummary errors={data?.errors} />
              <input type="hidden" name="intent" value="create" />
              {chosen.map((p) => (
                <input key={p.id} type="hidden" name="ids[]" value={p.id} />
              ))}
              <TextAreaField name="note" label={t("brokering.manual.note")} rows={2} defaultValue={data?.values?.note} error={data?.errors?.note} />
              <button type="submit" className="button">
                {t("brokering.manual.submit")}
              </button>
              </FieldScope>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
