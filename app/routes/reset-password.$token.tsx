import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldScope, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { NewPasswordFields } from "~/components/password-fields";
import { resetPasswordSchema } from "~/modules/auth/forms.server";
import { isResetTokenValid, resetPassword } from "~/modules/auth/password-reset.server";
import { invalid, parseFormData, readForm, readParam } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reset.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const valid = await isResetTokenValid(readParam(params, "token"));
  return json({ valid }, { status: valid ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseFormData(await readForm(request), resetPasswordSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  const ok = await resetPassword(readParam(params, "token"), parsed.data.password);
  if (!ok) return json({ ok: false, errors: { _form: { key: "reset.invalid" as const } }, values: {} }, { status: 410 });
  return redirect("/login?notice=passwordChanged");
}

export default function ResetPassword() {
  const { t } = useI18n();
  const { valid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      {valid ? (
        <>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={data?.errors} />
            <NewPasswordFields errors={data?.errors} />
            <button type="submit" className="button">
              {t("reset.submit")}
            </button>
            </FieldScope>
          </Form>
        </>
      ) : (
        <div role="alert" className="alert alert-error">
          <p>{t("reset.invalid")}</p>
          <Link to="/forgot-password">{t("reset.requestNew")}</Link>
        </div>
      )}
    </div>
  );
}
