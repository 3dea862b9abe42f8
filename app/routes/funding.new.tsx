import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useCalendarDate } from "~/components/funding/pipeline-views";
import { ChoiceGroup, ErrorSummary, FieldScope, MoneyField, Notice, RequiredNote, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import { applicationLink, createApplication, listJointGrantNeeds, localiseFailure, prefillFromMatch } from "~/modules/funding/applications.server";
import { listProgrammeOptions } from "~/modules/funding/programmes.server";
import { createApplicationSchema } from "~/modules/funding/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import type { MessageKey } from "~/modules/i18n";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { parseFormData, readForm, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";
import { isUuid } from "~/modules/validation/input";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.new.title");

/** The form's single-value fields, as the no-script "show this programme's calls" button sends them back. */
const FIELDS = ["title", "summary", "programmeId", "programmeText", "callId", "deadline", "leadClusterId", "stage", "amountRequested", "cofinancingPublic", "cofinancingClusters", "cofinancingFirms", "sourceMatchId"] as const;

/**
 * The form, empty, or pre-filled from a pooled joint-grant match (`?fromMatch=<id>`: its postings'
 * clusters, programme, call and deadline), or as it was when the no-script reader asked for the
 * chosen programme's calls (`?refresh=1&…`: every field comes back as typed).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const q = readQuery(request);
  const [clusters, programmes, needs] = await Promise.all([listClusters(), listProgrammeOptions(), listJointGrantNeeds()]);
  let values: Record<string, string> = {};
  let checked = { clusterIds: [] as string[], postingIds: [] as string[] };
  let fromMatch: { problem: MessageKey | null; existing: { id: string; title: string } | null; matchId: string | null } = { problem: null, existing: null, matchId: null };
  if (q.get("refresh")) {
    for (const f of FIELDS) if (q.get(f)) values[f] = q.get(f)!;
    checked = { clusterIds: q.getAll("clusterIds[]"), postingIds: q.getAll("postingIds[]") };
  } else if (q.get("fromMatch")) {
    const id = q.get("fromMatch")!;
    if (!isUuid(id)) throw notFound();
    const p = await prefillFromMatch(user, id);
    if (!p.ok) {
      if (p.reason === "not_found") throw notFound();
      fromMatch = { problem: p.reason === "refused" ? p.message.key : "errorPage.403.body", existing: null, matchId: id };
    } else {
      const v = p.value;
      fromMatch = { problem: null, existing: v.existing, matchId: id };
      values = {
        title: v.title,
        summary: v.summary,
        programmeId: v.programmeId ?? "",
        programmeText: v.programmeText ?? "",
        callId: v.callId ?? "",
        deadline: v.deadline ?? "",
        leadClusterId: v.leadClusterId,
        stage: "consortium_formed",
        sourceMatchId: v.matchId,
      };
      // The needs listed on the form carry their clusters; a posting not listed (closed since) adds its cluster directly.
      const listed = new Set(needs.map((n) => n.id));
      const covered = new Set(needs.filter((n) => v.postingIds.includes(n.id)).map((n) => n.clusterId));
      checked = { postingIds: v.postingIds.filter((id) => listed.has(id)), clusterIds: v.clusterIds.filter((c) => !covered.has(c)) };
    }
  }
  return json({ clusters: clusters.map((c) => ({ id: c.id, name: c.name })), programmes, needs, values, checked, fromMatch });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const form = await readForm(request);
  const checked = { clusterIds: form.getAll("clusterIds[]").map(String), postingIds: form.getAll("postingIds[]").map(String) };
  const parsed = parseFormData(form, createApplicationSchema);
  if (!parsed.ok) return json({ ok: false as const, errors: parsed.errors, values: parsed.values, checked }, { status: 400 });
  const result = await createApplication(user, parsed.data);
  if (!result.ok) return failureResponse(localiseFailure(result, negotiateLocale(request, user.locale)), parsed.values, { checked });
  return redirectWithNotice(applicationLink(result.value.id), "funding.notice.created");
}

/** True once React runs in the browser (the no-script button then gives way to live filtering). */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export default function NewApplication() {
  const loaded = useLoaderData<typeof loader>();
  const { clusters, programmes, needs, fromMatch } = loaded;
  const result = useActionData<typeof action>() as
    | { errors?: FieldErrors; values?: Record<string, string>; checked?: { clusterIds: string[]; postingIds: string[] }; applicationId?: string | null }
    | undefined;
  const { t, locale } = useI18n();
  const calendar = useCalendarDate();
  const hydrated = useHydrated();
  const busy = useNavigation().state === "submitting";
  const v: Record<string, string | undefined> = result?.values ?? loaded.values;
  const checked = result?.checked ?? loaded.checked;
  const e = result?.errors ?? {};
  const [programmeId, setProgrammeId] = useState(v.programmeId ?? "");
  useEffect(() => setProgrammeId(v.programmeId ?? ""), [v.programmeId]);
  const name = (n: { nameFr: string; nameEn: string }) => (locale === "fr" ? n.nameFr : n.nameEn);
  const funderGroups = [...new Map(programmes.map((p) => [p.funderId, { label: locale === "fr" ? p.funderNameFr : p.funderNameEn, options: [] as { value: string; label: string }[] }])).entries()];
  for (const p of programmes) funderGroups.find(([id]) => id === p.funderId)![1].options.push({ value: p.id, label: name(p) });
  const chosen = programmes.find((p) => p.id === programmeId);
  const callOptions = (chosen?.calls ?? []).map((c) => ({ value: c.id, label: `${locale === "fr" ? c.labelFr : c.labelEn} — ${calendar(c.deadline)}` }));
  const existing = fromMatch.existing ?? (result?.applicationId ? { id: result.applicationId, title: "" } : null);
  return (
    <>
      <p>
        <Link to="/funding">← {t("funding.applications.back")}</Link>
      </p>
      <h1>{t("funding.new.title")}</h1>
      <p className="lead">{t("funding.new.lead")}</p>
      {fromMatch.problem ? <Notice tone="error">{t(fromMatch.problem)}</Notice> : null}
      {existing ? (
        <Notice tone="info">
          {t("funding.fromMatch.existing")} <Link to={applicationLink(existing.id)}>{existing.title || t("funding.fromMatch.openExisting")}</Link>
        </Notice>
      ) : fromMatch.matchId && !fromMatch.problem ? (
        <Notice tone="info">{t("funding.fromMatch.prefilled")}</Notice>
      ) : null}
      <Form method="post" className="stack fd-form" noValidate>
        <FieldScope>
          <ErrorSummary errors={result?.errors} />
          <RequiredNote />
          {v.sourceMatchId ? <input type="hidden" name="sourceMatchId" value={v.sourceMatchId} /> : null}
          <TextField name="title" label={t("funding.field.title")} required maxLength={200} defaultValue={v.title} error={e.title} />
          <TextAreaField name="summary" label={t("funding.field.summary")} maxLength={4000} defaultValue={v.summary} error={e.summary} />

          <fieldset className="fd-fieldset">
            <legend>{t("funding.new.programmeLegend")}</legend>
            <SelectField
              name="programmeId"
              label={t("funding.field.programme")}
              placeholder={t("funding.new.programmeUnlisted")}
              groups={funderGroups.map(([, g]) => g)}
              value={programmeId}
              onChange={(ev) => setProgrammeId(ev.currentTarget.value)}
              error={e.programmeId}
            />
            {!hydrated ? (
              <p>
                <button type="submit" className="button secondary" formMethod="get" formNoValidate name="refresh" value="1">
                  {t("funding.new.showCalls")}
                </button>
              </p>
            ) : null}
            <TextField name="programmeText" label={t("funding.field.programmeText")} hint={t("funding.hint.programmeText")} maxLength={300} defaultValue={v.programmeText} error={e.programmeText} />
            <SelectField
              key={programmeId}
              name="callId"
              label={t("funding.field.call")}
              hint={chosen ? t("funding.hint.call") : t("funding.hint.callChooseProgramme")}
              placeholder={chosen ? t("funding.new.noCall") : t("funding.new.noProgrammeChosen")}
              options={callOptions}
              defaultValue={callOptions.some((o) => o.value === v.callId) ? v.callId : ""}
              error={e.callId}
            />
            <TextField name="deadline" type="date" label={t("funding.field.deadline")} hint={t("funding.hint.deadline")} defaultValue={v.deadline} error={e.deadline} />
          </fieldset>

          <fieldset className="fd-fieldset">
            <legend>{t("funding.new.consortiumLegend")}</legend>
            <SelectField name="leadClusterId" label={t("funding.field.lead")} required placeholder={t("funding.choose")} options={clusters.map((c) => ({ value: c.id, label: c.name }))} defaultValue={v.leadClusterId} error={e.leadClusterId} />
            {needs.length ? (
              <ChoiceGroup
                type="checkbox"
                className="fd-checks"
                name="postingIds[]"
                legend={t("funding.new.needs")}
                hint={t("funding.hint.needs")}
                selected={checked.postingIds}
                error={e.postingIds}
                options={needs.map((n) => ({
                  value: n.id,
                  label: `${n.clusterName} — ${n.title}`,
                  detail: n.programme ? ` (${n.programme}${n.deadline ? `, ${calendar(n.deadline)}` : ""})` : null,
                }))}
              />
            ) : null}
            <ChoiceGroup type="checkbox" className="fd-checks" name="clusterIds[]" legend={t("funding.new.partners")} hint={t("funding.hint.partners")} selected={checked.clusterIds} error={e.clusterIds} options={clusters.map((c) => ({ value: c.id, label: c.name }))} />
            <ChoiceGroup
              className="fd-radios"
              name="stage"
              legend={t("funding.new.stage")}
              selected={[v.stage ?? "idea"]}
              error={e.stage}
              options={(["idea", "consortium_formed"] as const).map((s) => ({ value: s, label: t(`funding.stage.${s}`) }))}
            />
          </fieldset>

          <fieldset className="fd-fieldset">
            <legend>{t("funding.new.amountsLegend")}</legend>
            <MoneyField name="amountRequested" label={t("funding.field.amountRequested")} hint={t("funding.hint.money")} defaultValue={v.amountRequested} error={e.amountRequested} />
            <MoneyField name="cofinancingPublic" label={t("funding.cofinancing.public")} defaultValue={v.cofinancingPublic} error={e.cofinancingPublic} />
            <MoneyField name="cofinancingClusters" label={t("funding.cofinancing.clusters")} defaultValue={v.cofinancingClusters} error={e.cofinancingClusters} />
            <MoneyField name="cofinancingFirms" label={t("funding.cofinancing.firms")} defaultValue={v.cofinancingFirms} error={e.cofinancingFirms} />
          </fieldset>
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t("funding.new.submit")}
            </button>
          </p>
        </FieldScope>
      </Form>
    </>
  );
}
