import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ROLES } from "@db/schema";
import { ErrorSummary, FieldScope, Notice, SelectField, TextField, type ActionResult } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { InvitationTable } from "~/components/invitation-table";
import { createInvitation, listPendingInvitations, revokeInvitation } from "~/modules/auth/invitations.server";
import { grantableRoles, isCoordination } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { listClusters, listFunders } from "~/modules/clusters/clusters.server";
import { LOCALES } from "~/modules/i18n";
import { invalid, parseFormData, readForm } from "~/modules/validation/form.server";
import { pageTitle } from "~/modules/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invite.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "invitations:manage" });
  const coordination = isCoordination(user);
  const [pending, clusters, funders] = await Promise.all([
    listPendingInvitations(user),
    coordination ? listClusters() : Promise.resolve([]),
    coordination ? listFunders() : Promise.resolve([]),
  ]);
  return json({
    pending,
    roles: grantableRoles(user),
    coordination,
    clusters: clusters.map((c) => ({ id: c.id, name: c.name })),
    funders: funders.map((f) => ({ id: f.id, nameFr: f.nameFr, nameEn: f.nameEn })),
  });
}

const createSchema = z.object({
  intent: z.literal("create"),
  email: z.string().max(254).email(),
  role: z.enum(ROLES),
  clusterId: z.string().uuid().optional(),
  funderId: z.string().uuid().optional(),
  locale: z.enum(LOCALES),
});
const revokeSchema = z.object({ intent: z.literal("revoke"), id: z.string().uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "invitations:manage" });
  const form = await readForm(request);
  if (form.get("intent") === "revoke") {
    const parsed = parseFormData(form, revokeSchema);
    if (!parsed.ok || !(await revokeInvitation(user, parsed.data.id))) throw notFound();
    return json({ ok: true, revoked: true, sent: null, errors: undefined, values: {} });
  }
  const parsed = parseFormData(form, createSchema);
  if (!parsed.ok) return invalid(parsed.errors, parsed.values);
  const result = await createInvitation(user, parsed.data);
  if (!result.ok) return invalid(result.errors, parsed.values);
  return json({ ok: true, revoked: false, sent: parsed.data.email, errors: undefined, values: {} });
}

export default function Invitations() {
  const { t, locale } = useI18n();
  const { pending, roles, coordination, clusters, funders } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as (ActionResult & { sent?: string | null; revoked?: boolean }) | undefined;
  const [role, setRole] = useState(data?.values?.role ?? "member");
  const needsCluster = role === "member" || role === "cluster_admin";
  return (
    <>
      <h1>{t("invite.title")}</h1>
      {data?.sent ? <Notice>{t("invite.sent", { email: data.sent })}</Notice> : null}
      {data?.revoked ? <Notice>{t("invite.revoked")}</Notice> : null}
      <div className="grid-2">
        <section aria-labelledby="new-invitation" className="card">
          <h2 id="new-invitation">{t("invite.new")}</h2>
          <Form method="post" className="stack" noValidate key={data?.sent ?? "form"}>
            <FieldScope>
            <ErrorSummary errors={data?.errors} />
            <input type="hidden" name="intent" value="create" />
            <TextField name="email" type="email" label={t("invite.email")} required autoComplete="off" defaultValue={data?.values?.email} error={data?.errors?.email} />
            <SelectField name="role" label={t("invite.role")} required value={role} onChange={(e) => setRole(e.target.value)} options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} error={data?.errors?.role} />
            {coordination && needsCluster ? (
              <SelectField name="clusterId" label={t("invite.cluster")} placeholder={t("invite.choose")} options={clusters.map((c) => ({ value: c.id, label: c.name }))} defaultValue={data?.values?.clusterId} error={data?.errors?.clusterId} />
            ) : null}
            {coordination && role === "funder" ? (
              <SelectField name="funderId" label={t("invite.funder")} placeholder={t("invite.choose")} options={funders.map((f) => ({ value: f.id, label: locale === "fr" ? f.nameFr : f.nameEn }))} defaultValue={data?.values?.funderId} error={data?.errors?.funderId} />
            ) : null}
            {!coordination && data?.errors?.clusterId ? <p className="field-error">{t(data.errors.clusterId.key)}</p> : null}
            <SelectField name="locale" label={t("invite.language")} options={[{ value: "fr", label: t("lang.fr") }, { value: "en", label: t("lang.en") }]} defaultValue={data?.values?.locale ?? locale} error={data?.errors?.locale} />
            <button type="submit" className="button">
              {t("invite.submit")}
            </button>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="pending-invitations">
          <h2 id="pending-invitations">{t("invite.pending")}</h2>
          <InvitationTable invitations={pending} canRevoke />
        </section>
      </div>
    </>
  );
}
