import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldScope, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { NewPasswordFields } from "~/components/password-fields";
import { acceptInvitationSchema } from "~/modules/auth/forms.server";
import { acceptInvitation, lookupInvitation } from "~/modules/auth/invitations.server";
import type { MessageKey } from "~/modules/i18n";
import { invalid, parseFormData, readForm, readParam } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accept.title");

const STATUS_KEYS: Record<string, MessageKey> = {
  invalid: "accept.invalid",
  expired: "accept.expired",
  used: "accept.used",
  revoked: "accept.revoked",
  already_user: "invite.alreadyUser",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await lookupInvitation(readParam(params, "token"));
  if (found.status !== "valid")
    return json({ status: found.status, invitation: null }, { status: found.status === "invalid" ? 404 : 410 });
  const { invitation, inviterName, orgName } = found;
  return json({ status: found.status, invitation: { email: invitation.email, role: invitation.role, inviterName, orgName } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseFormData(await readForm(request), acceptInvitationSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  const result = await acceptInvitation(readParam(params, "token"), { name: parsed.data.name, password: parsed.data.password });
  if (!result.ok) return json({ ok: false, errors: { _form: { key: STATUS_KEYS[result.status] } }, values: parsed.values }, { status: 410 });
  return redirect("/", { headers: { "Set-Cookie": result.cookie } });
}

export default function AcceptInvitation() {
  const { t } = useI18n();
  const { status, invitation } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionResult | undefined;
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>{t("accept.title")}</h1>
        <div role="alert" className="alert alert-error">
          {t(STATUS_KEYS[status] ?? "accept.invalid")}
        </div>
        <p>
          <Link to="/login">{t("nav.signIn")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("accept.title")}</h1>
      <p className="lead">
        {t("accept.lead", {
          inviter: invitation.inviterName,
          role: t(`role.${invitation.role}`),
          org: invitation.orgName ? t("accept.org", { org: invitation.orgName }) : "",
        })}
      </p>
      <Form method="post" className="stack" noValidate>
        <FieldScope>
        <ErrorSummary errors={data?.errors} />
        <TextField name="email" type="email" label={t("accept.email")} value={invitation.email} readOnly autoComplete="username" />
        <TextField name="name" label={t("accept.name")} autoComplete="name" required maxLength={120} defaultValue={data?.values?.name} error={data?.errors?.name} />
        <NewPasswordFields errors={data?.errors} />
        <button type="submit" className="button">
          {t("accept.submit")}
        </button>
        </FieldScope>
      </Form>
    </div>
  );
}
