import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCalendarDate } from "~/components/funding/pipeline-views";
import { ChoiceGroup, ErrorSummary, FieldScope, RequiredNote, MoneyField, SelectField, TextAreaField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { listClusters } from "~/modules/clusters/clusters.server";
import { applicationLink, createApplication, listJointGrantNeeds, localiseErrors } from "~/modules/funding/applications.server";
import { listProgrammeOptions } from "~/modules/funding/programmes.server";
import { createApplicationSchema } from "~/modules/funding/validation";
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "funding:manage", hide: true });
  const [clusters, programmes, needs] = await Promise.all([listClusters(), listProgrammeOptions(), listJointGrantNeeds()]);
  return json({ clusters: clusters.map((c) => ({ id: c.id, name: c.name })), programmes, needs });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const form = await readForm(request);
  const checked = { clusterIds: form.getAll("clusterIds[]").map(String), postingIds: form.getAll("postingIds[]").map(String) };
  const parsed = parseFormData(form, createApplicationSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values, { checked });
  const result = await createApplication(user, parsed.data);
  if (!result.ok) return invalid(localiseErrors(result.errors, negotiateLocale(request, user.locale)), parsed.values, { checked });
  return redirect(`${applicationLink(result.id)}?created=1`);
}

export default function NewApplication() {
  const { clusters, programmes, needs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { errors?: FieldErrors; values?: Record<string, string>; checked?: { clusterIds: string[]; postingIds: string[] } } | undefined;
  const { t, locale } = useI18n();
  const calendar = useCalendarDate();
  const busy = useNavigation().state === "submitting";
  const v = result?.values ?? {};
  const e = result?.errors ?? {};
  const name = (n: { nameFr: string; nameEn: string }) => (locale === "fr" ? n.nameFr : n.nameEn);
  const funderGroups = [...new Map(programmes.map((p) => [p.funderId, { label: locale === "fr" ? p.funderNameFr : p.funderNameEn, options: [] as { value: string; label: string }[] }])).entries()];
  for (const p of programmes) funderGroups.find(([id]) => id === p.funderId)![1].options.push({ value: p.id, label: name(p) });
  const callGroups = programmes
    .filter((p) => p.calls.length)
    .map((p) => ({ label: name(p), options: p.calls.map((c) => ({ value: c.id, label: `${locale === "fr" ? c.labelFr : c.labelEn} — ${calendar(c.deadline)}` })) }));
  return (
    <>
      <p>
        <Link to="/funding">← {t("funding.applications.back")}</Link>
      </p>
      <h1>{t("funding.new.title")}</h1>
      <p className="lead">{t("funding.new.lead")}</p>
      <Form method="post" className="stack fd-form" noValidate>
        <FieldScope>
        <ErrorSummary errors={result?.errors} />
        <RequiredNote />
        <TextField name="title" label={t("funding.field.title")} required maxLength={200} defaultValue={v.title} error={e.title} />
        <TextAreaField name="summary" label={t("funding.field.summary")} maxLength={4000} defaultValue={v.summary} error={e.summary} />

        <fieldset className="fd-fieldset">
          <legend>{t("funding.new.programmeLegend")}</legend>
          <SelectField name="programmeId" label={t("funding.field.programme")} placeholder={t("funding.new.programmeUnlisted")} groups={funderGroups.map(([, g]) => g)} defaultValue={v.programmeId} error={e.programmeId} />
          <TextField name="programmeText" label={t("funding.field.programmeText")} hint={t("funding.hint.programmeText")} maxLength={300} defaultValue={v.programmeText} error={e.programmeText} />
          <SelectField name="callId" label={t("funding.field.call")} hint={t("funding.hint.call")} placeholder={t("funding.new.noCall")} groups={callGroups} defaultValue={v.callId} error={e.callId} />
          <TextField name="deadline" type="date" label={t("funding.field.deadline")} hint={t("funding.hint.deadline")} defaultValue={v.deadline} error={e.deadline} />
        </fieldset>

        <fieldset className="fd-fieldset">
          <legend>{t("funding.new.consortiumLegend")}</legend>
          <SelectField name="leadClusterId" label={t("funding.field.lead")} required placeholder={t("funding.choose")} options={clusters.map((c) => ({ value: c.id, label: c.name }))} defaultValue={v.leadClusterId} error={e.leadClusterId} />
          {needs.length ? (
            <ChoiceGroup type="checkbox" className="fd-checks" name="postingIds[]"
              legend={t("funding.new.needs")}
              hint={t("funding.hint.needs")}
              selected={result?.checked?.postingIds ?? []}
              error={e.postingIds}
              options={needs.map((n) => ({
                value: n.id,
                label: `${n.clusterName} — ${n.title}`,
                detail: n.programme ? ` (${n.programme}${n.deadline ? `, ${calendar(n.deadline)}` : ""})` : null,
              }))}
            />
          ) : null}
          <ChoiceGroup type="checkbox" className="fd-checks" name="clusterIds[]" legend={t("funding.new.partners")} hint={t("funding.hint.partners")} selected={result?.checked?.clusterIds ?? []} error={e.clusterIds} options={clusters.map((c) => ({ value: c.id, label: c.name }))} />
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
