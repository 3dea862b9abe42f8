import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, FieldScope, Notice, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { clientIp } from "~/load-context";
import { signIn } from "~/modules/auth/auth.server";
import { getUser, safeRedirect } from "~/modules/auth/require-user.server";
import { limits } from "~/modules/config.server";
import type { MessageKey } from "~/modules/i18n";
import { invalid, parseFormData, readForm, readQuery } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signIn.title");

const NOTICES: Record<string, MessageKey> = { passwordChanged: "signIn.passwordChanged", signedOut: "signIn.signedOut" };

export async function loader({ request }: LoaderFunctionArgs) {
  const query = readQuery(request);
  if (await getUser(request)) throw redirect(safeRedirect(query.get("redirectTo")));
  const notice = NOTICES[query.get("notice") ?? ""] ?? null;
  return json({ notice });
}

const schema = z.object({
  email: z.string().max(254).email(),
  password: z.string().max(200),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseFormData(await readForm(request), schema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  const result = await signIn(parsed.data.email, parsed.data.password, clientIp(context));
  if (!result.ok) {
    const error =
      result.reason === "rate_limited"
        ? { key: "signIn.rateLimited" as const, params: { minutes: limits.signInWindowMinutes } }
        : result.reason === "deactivated"
          ? { key: "signIn.deactivated" as const }
          : { key: "signIn.invalid" as const };
    return json({ ok: false, errors: { _form: error }, values: parsed.values }, { status: result.reason === "rate_limited" ? 429 : 400 });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const { t } = useI18n();
  const { notice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="lead">{t("signIn.lead")}</p>
      {notice ? <Notice>{t(notice)}</Notice> : null}
      <Form method="post" className="stack" noValidate>
        <FieldScope>
        <ErrorSummary errors={data?.errors} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField name="email" type="email" label={t("signIn.email")} autoComplete="username" required defaultValue={data?.values?.email} error={data?.errors?.email} />
        <TextField name="password" type="password" label={t("signIn.password")} autoComplete="current-password" required error={data?.errors?.password} />
        <button type="submit" className="button" disabled={busy}>
          {t("signIn.submit")}
        </button>
        </FieldScope>
      </Form>
      <p>
        <Link to="/forgot-password">{t("signIn.forgot")}</Link>
      </p>
    </div>
  );
}
