import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldScope, Notice, SelectField, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { NewPasswordFields } from "~/components/password-fields";
import { changePassword, updateProfile } from "~/modules/auth/auth.server";
import { changePasswordSchema, profileSchema } from "~/modules/auth/forms.server";
import { requireUser } from "~/modules/auth/require-user.server";
import { isProduction } from "~/modules/config.server";
import { localeCookie } from "~/modules/i18n/negotiate";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ name: user.name, email: user.email, locale: user.locale, role: user.role });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "password") {
    const parsed = parseFormData(form, changePasswordSchema);
    if (!parsed.ok) return invalid(parsed.errors, {}, { intent: "password" });
    const result = await changePassword(user.id, parsed.data.current, parsed.data.password);
    if (!result.ok) return invalid({ current: { key: "account.wrongPassword" } }, {}, { intent: "password" });
    return json({ ok: true, intent: "password", errors: undefined, values: {} }, { headers: { "Set-Cookie": result.cookie } });
  }
  const parsed = parseFormData(form, profileSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values, { intent: "profile" });
  await updateProfile(user.id, { name: parsed.data.name, locale: parsed.data.locale });
  return json(
    { ok: true, intent: "profile", errors: undefined, values: {} },
    { headers: { "Set-Cookie": localeCookie(parsed.data.locale, isProduction()) } },
  );
}

export default function Account() {
  const { t } = useI18n();
  const user = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as (ActionResult & { intent?: string }) | undefined;
  const profile = data?.intent === "profile" ? data : undefined;
  const password = data?.intent === "password" ? data : undefined;
  return (
    <>
      <h1>{t("account.title")}</h1>
      <div className="grid-2">
        <section aria-labelledby="profile-title" className="card">
          <h2 id="profile-title">{t("account.profile")}</h2>
          {profile?.ok ? <Notice>{t("account.saved")}</Notice> : null}
          <Form method="post" className="stack" noValidate>
            <FieldScope>
            <ErrorSummary errors={profile?.errors} />
            <input type="hidden" name="intent" value="profile" />
            <TextField name="email" type="email" label={t("account.email")} value={user.email} readOnly />
            <p className="muted">{t(`role.${user.role}`)}</p>
            <TextField name="name" label={t("account.name")} autoComplete="name" required maxLength={120} defaultValue={profile?.values?.name ?? user.name} error={profile?.errors?.name} />
            <SelectField name="locale" label={t("account.language")} options={[{ value: "fr", label: t("lang.fr") }, { value: "en", label: t("lang.en") }]} defaultValue={user.locale} error={profile?.errors?.locale} />
            <button type="submit" className="button">
              {t("account.save")}
            </button>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="password-title" className="card">
          <h2 id="password-title">{t("account.passwordTitle")}</h2>
          {password?.ok ? <Notice>{t("account.passwordChanged")}</Notice> : null}
          <Form method="post" className="stack" noValidate key={password?.ok ? "done" : "form"}>
            <FieldScope>
            <ErrorSummary errors={password?.errors} />
            <input type="hidden" name="intent" value="password" />
            <TextField name="current" type="password" label={t("password.current")} autoComplete="current-password" required error={password?.errors?.current} />
            <NewPasswordFields errors={password?.errors} />
            <button type="submit" className="button">
              {t("account.passwordSubmit")}
            </button>
            </FieldScope>
          </Form>
        </section>
      </div>
    </>
  );
}
