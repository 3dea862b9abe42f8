import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, FieldScope, Notice, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { requestPasswordReset } from "~/modules/auth/password-reset.server";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forgot.title");

const schema = z.object({ email: z.string().max(254).email() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  // Same answer whether or not the address has an account.
  await requestPasswordReset(parsed.data.email);
  return json({ ok: true as const, errors: undefined, values: {} });
}

export default function ForgotPassword() {
  const { t } = useI18n();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      {data?.ok ? (
        <Notice>{t("forgot.sent")}</Notice>
      ) : (
        <>
          <p className="lead">{t("forgot.lead")}</p>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={data?.errors} />
            <TextField name="email" type="email" label={t("signIn.email")} autoComplete="email" required defaultValue={data?.values?.email} error={data?.errors?.email} />
            <button type="submit" className="button">
              {t("forgot.submit")}
            </button>
            </FieldScope>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("nav.signIn")}</Link>
      </p>
    </div>
  );
}
