import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldScope, TextAreaField, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getClusterBySlug } from "~/modules/clusters/clusters.server";
import { clusterProfileSchema, updateClusterProfile } from "~/modules/clusters/profile.server";
import { invalid, parseFormData, readForm, readParam } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data?.cluster.name);

/** The cluster, if this person may edit its profile (its cluster admins and the coordination). */
async function editableCluster(request: Request, slug: string) {
  await requireUser(request, { permission: "clusters:view", hide: true });
  const cluster = await getClusterBySlug(slug);
  if (!cluster) throw notFound();
  const user = await requireUser(request, { permission: "cluster:edit", clusterId: cluster.id });
  return { user, cluster };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cluster } = await editableCluster(request, readParam(params, "slug"));
  return json({ cluster });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cluster } = await editableCluster(request, readParam(params, "slug"));
  const parsed = parseFormData(await readForm(request), clusterProfileSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  await updateClusterProfile(user, cluster, parsed.data);
  return redirect(`/clusters/${cluster.slug}?notice=saved`);
}

export default function EditClusterProfile() {
  const { t } = useI18n();
  const { cluster } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  const v = (name: keyof typeof cluster) => data?.values?.[name] ?? String(cluster[name] ?? "");
  return (
    <div className="form-page">
      <p>
        <Link to={`/clusters/${cluster.slug}`}>← {cluster.name}</Link>
      </p>
      <h1>{t("clusterProfile.editTitle", { name: cluster.name })}</h1>
      <Form method="post" className="posting-form" noValidate>
        <FieldScope>
        <ErrorSummary errors={data?.errors} />
        <fieldset className="form-section">
          <legend>{t("clusterProfile.sector")}</legend>
          <div className="field-row">
            <TextField name="sectorFr" label={t("clusterProfile.inFrench")} required maxLength={120} defaultValue={v("sectorFr")} error={data?.errors?.sectorFr} />
            <TextField name="sectorEn" label={t("clusterProfile.inEnglish")} required maxLength={120} defaultValue={v("sectorEn")} error={data?.errors?.sectorEn} />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("clusters.description")}</legend>
          <TextAreaField name="descriptionFr" label={t("clusterProfile.inFrench")} maxLength={3000} defaultValue={v("descriptionFr")} error={data?.errors?.descriptionFr} />
          <TextAreaField name="descriptionEn" label={t("clusterProfile.inEnglish")} maxLength={3000} defaultValue={v("descriptionEn")} error={data?.errors?.descriptionEn} />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t("clusterProfile.contactSection")}</legend>
          <TextField name="website" type="url" label={t("clusters.website")} hint={t("clusterProfile.websiteHint")} defaultValue={v("website")} error={data?.errors?.website} />
          <TextField name="contactName" label={t("clusterProfile.contactName")} autoComplete="name" maxLength={120} defaultValue={v("contactName")} error={data?.errors?.contactName} />
          <TextField name="contactEmail" type="email" label={t("clusterProfile.contactEmail")} autoComplete="email" defaultValue={v("contactEmail")} error={data?.errors?.contactEmail} />
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("clusterProfile.save")}
          </button>
          <Link to={`/clusters/${cluster.slug}`}>{t("clusterProfile.cancel")}</Link>
        </div>
        </FieldScope>
      </Form>
    </div>
  );
}
