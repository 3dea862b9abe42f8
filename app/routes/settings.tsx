import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, FieldScope, Notice, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requireUser } from "~/modules/auth/require-user.server";
import { EXPIRY_MONTHS_MAX, EXPIRY_MONTHS_MIN } from "~/modules/postings/constants";
import { getExpiryMonths, setExpiryMonths } from "~/modules/postings/settings.server";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { wholeNumberField } from "~/modules/validation/input";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "network:coordinate", hide: true });
  return json({ expiryMonths: await getExpiryMonths() });
}

const schema = z.object({
  expiryMonths: wholeNumberField(EXPIRY_MONTHS_MIN, EXPIRY_MONTHS_MAX),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "network:coordinate", hide: true });
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  await setExpiryMonths(user.id, parsed.data.expiryMonths);
  return json({ ok: true, errors: undefined, values: {} });
}

export default function Settings() {
  const { t } = useI18n();
  const { expiryMonths } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <section aria-labelledby="postings-settings" className="card narrow-card">
        <h2 id="postings-settings">{t("settings.postings")}</h2>
        {data?.ok ? <Notice>{t("settings.saved")}</Notice> : null}
        <Form method="post" className="stack" noValidate>
          <FieldScope>
          <ErrorSummary errors={data?.errors} />
          <TextField
            name="expiryMonths"
            type="number"
            label={t("settings.expiryMonths")}
            hint={t("settings.expiryHint", { min: EXPIRY_MONTHS_MIN, max: EXPIRY_MONTHS_MAX })}
            defaultValue={data?.values?.expiryMonths ?? String(expiryMonths)}
            error={data?.errors?.expiryMonths}
            required
          />
          <button type="submit" className="button">
            {t("settings.save")}
          </button>
          </FieldScope>
        </Form>
      </section>
    </>
  );
}
