import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldScope, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getFunder, updateFunder } from "~/modules/funding/programmes.server";
import { funderSchema } from "~/modules/funding/validation";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";
import { isUuid } from "~/modules/validation/input";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "funding.funders.pageTitle");

async function load(request: Request, id: string | undefined) {
  const user = await requireUser(request, { permission: "funding:manage", hide: true });
  const funder = isUuid(id) ? await getFunder(id) : null;
  if (!funder) throw notFound();
  return { user, funder };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { funder } = await load(request, params.id);
  return json({ funder });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, funder } = await load(request, params.id);
  const p = parseFormData(await readForm(request), funderSchema);
  if (!p.ok) return invalid(p.errors, p.values);
  const r = await updateFunder(user, funder.id, p.data);
  if (!r.ok) return failureResponse(r, p.values);
  return redirectWithNotice(`/funding/programmes#funder-${funder.id}`, "funding.notice.saved");
}

export default function FunderPage() {
  const { funder } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { errors?: FieldErrors; values?: Record<string, string> } | undefined;
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <div className="narrow">
      <p>
        <Link to="/funding/programmes">← {t("funding.programmes.back")}</Link>
      </p>
      <h1>{locale === "fr" ? funder.nameFr : funder.nameEn}</h1>
      <Form method="post" className="stack" noValidate>
        <FieldScope>
        <ErrorSummary errors={e} />
        <TextField name="nameFr" label={t("funding.field.nameFr")} required maxLength={200} defaultValue={v.nameFr ?? funder.nameFr} error={e.nameFr} />
        <TextField name="nameEn" label={t("funding.field.nameEn")} required maxLength={200} defaultValue={v.nameEn ?? funder.nameEn} error={e.nameEn} />
        <TextField name="website" type="url" inputMode="url" label={t("funding.field.website")} defaultValue={v.website ?? funder.website} error={e.website} />
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t("funding.programmes.save")}
          </button>
        </p>
        </FieldScope>
      </Form>
    </div>
  );
}
