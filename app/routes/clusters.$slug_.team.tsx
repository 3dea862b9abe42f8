import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ROLES } from "@db/schema";
import { ErrorSummary, FieldScope, SelectField, TextField, type FieldErrors } from "~/components/form";
import { useI18n } from "~/components/i18n";
import { InvitationTable } from "~/components/invitation-table";
import { createInvitation, listPendingInvitations, resendInvitation, revokeInvitation } from "~/modules/auth/invitations.server";
import { grantableRoles, CLUSTER_ROLES } from "~/modules/auth/permissions";
import { notFound, requireUser } from "~/modules/auth/require-user.server";
import { getClusterBySlug } from "~/modules/clusters/clusters.server";
import { deactivateColleague, listTeam, reactivateColleague } from "~/modules/clusters/team.server";
import { failureResponse, redirectWithNotice } from "~/modules/http/respond.server";
import { LOCALES } from "~/modules/i18n";
import { pageTitle } from "~/modules/i18n/meta";
import { conflictResult, invalidResult } from "~/modules/result";
import { parseFormData, readForm, readParam } from "~/modules/validation/form.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, data ? "team.title" : null, { cluster: data?.cluster.name });

/** The cluster, if this person manages its team: its cluster admins, and the coordination for any cluster. */
async function teamOf(request: Request, slug: string) {
  await requireUser(request, { permission: "clusters:view", hide: true });
  const cluster = await getClusterBySlug(slug);
  if (!cluster) throw notFound();
  const user = await requireUser(request, { permission: "team:manage", clusterId: cluster.id });
  return { user, cluster };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, cluster } = await teamOf(request, readParam(params, "slug"));
  const [team, pending] = await Promise.all([listTeam(cluster.id), listPendingInvitations(user, new Date(), cluster.id)]);
  return json({
    cluster: { id: cluster.id, slug: cluster.slug, name: cluster.name },
    me: user.id,
    team,
    pending,
    roles: grantableRoles(user).filter((r) => CLUSTER_ROLES.includes(r)),
  });
}

const uuid = z.string({ required_error: "error.required" }).uuid("error.choice");
const schemas = {
  invite: z.object({ intent: z.literal("invite"), email: z.string({ required_error: "error.required" }).max(254).email(), role: z.enum(ROLES), locale: z.enum(LOCALES) }),
  resend: z.object({ intent: z.literal("resend"), id: uuid }),
  revoke: z.object({ intent: z.literal("revoke"), id: uuid }),
  deactivate: z.object({ intent: z.literal("deactivate"), userId: uuid, reassignTo: z.string().optional() }),
  reactivate: z.object({ intent: z.literal("reactivate"), userId: uuid }),
};
type Intent = keyof typeof schemas;

/** Invite, resend or revoke an invitation, deactivate or reactivate a colleague. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cluster } = await teamOf(request, readParam(params, "slug"));
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const here = `/clusters/${cluster.slug}/team`;
  if (!(intent in schemas)) return failureResponse(invalidResult({ _form: { key: "errorPage.400.body" } }));
  const parsed = parseFormData(form, schemas[intent]);
  const extra = { form: intent, userId: form.get("userId") ?? null };
  const reply = (errors: FieldErrors) => failureResponse(invalidResult(errors), parsed.values, extra);
  const gone = () => failureResponse(conflictResult("team.error.invitationGone"), parsed.values, extra);
  if (!parsed.ok) return reply(parsed.errors);
  const d = parsed.data;
  switch (d.intent) {
    case "invite": {
      const r = await createInvitation(user, { email: d.email, role: d.role, clusterId: cluster.id, locale: d.locale });
      if (!r.ok) return reply(r.errors);
      return redirectWithNotice(here, "team.notice.invited", { email: d.email.toLowerCase() });
    }
    case "resend": {
      const r = await resendInvitation(user, d.id);
      if (!r.ok) return r.errors._form ? gone() : reply(r.errors);
      return redirectWithNotice(here, "team.notice.resent", { email: r.email });
    }
    case "revoke": {
      if (!(await revokeInvitation(user, d.id))) return gone();
      return redirectWithNotice(here, "team.notice.revoked");
    }
    case "deactivate": {
      const r = await deactivateColleague(user, cluster.id, d.userId, d.reassignTo || undefined);
      if (!r.ok) return failureResponse(r, parsed.values, extra);
      return redirectWithNotice(here, "team.notice.deactivated", { name: r.value.name, count: r.value.reassigned });
    }
    case "reactivate": {
      const r = await reactivateColleague(user, cluster.id, d.userId);
      if (!r.ok) return failureResponse(r, parsed.values, extra);
      return redirectWithNotice(here, "team.notice.reactivated", { name: r.value.name });
    }
  }
}

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; form?: Intent; userId?: string | null } | undefined;

export default function Team() {
  const { t, date, locale } = useI18n();
  const { cluster, me, team, pending, roles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData;
  const busy = useNavigation().state === "submitting";
  const invite = data?.form === "invite" ? data : undefined;
  const general = data && data.form !== "invite" && !data.userId ? data : undefined;
  const active = team.filter((m) => !m.deactivatedAt);
  return (
    <>
      <p>
        <Link to={`/clusters/${cluster.slug}`}>← {cluster.name}</Link>
      </p>
      <h1>{t("team.title", { cluster: cluster.name })}</h1>
      <p className="lead">{t("team.lead")}</p>
      {general?.errors ? (
        <FieldScope>
          <ErrorSummary errors={general.errors} />
        </FieldScope>
      ) : null}

      <section aria-labelledby="colleagues-title" className="section">
        <h2 id="colleagues-title">{t("team.colleagues")}</h2>
        <ul className="team-list">
          {team.map((m) => {
            const failed = data?.userId === m.id ? data : undefined;
            const others = active.filter((o) => o.id !== m.id);
            return (
              <li key={m.id} className={m.deactivatedAt ? "card team-member deactivated" : "card team-member"}>
                <h3>
                  {m.name} {m.id === me ? <span className="muted small">{t("team.you")}</span> : null}
                </h3>
                <p className="small">
                  <a href={`mailto:${m.email}`}>{m.email}</a> · {t(`role.${m.role}`)} · {m.deactivatedAt ? t("team.deactivatedOn", { date: date(m.deactivatedAt) }) : t("team.active")}
                </p>
                <p className="small muted">{t("team.contactOf", { count: m.contactOf })}</p>
                {failed?.errors && failed.form === "reactivate" ? (
                  <FieldScope>
                    <ErrorSummary errors={failed.errors} />
                  </FieldScope>
                ) : null}
                {m.deactivatedAt ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="reactivate" />
                    <input type="hidden" name="userId" value={m.id} />
                    <button type="submit" className="button secondary" disabled={busy} aria-label={`${t("team.reactivate")} — ${m.name}`}>
                      {t("team.reactivate")}
                    </button>
                  </Form>
                ) : m.id !== me ? (
                  <details className="deactivate" open={failed?.form === "deactivate"}>
                    <summary className="button secondary" aria-label={`${t("team.deactivate")} — ${m.name}`}>
                      {t("team.deactivate")}
                    </summary>
                    <Form method="post" className="stack" noValidate>
                      <FieldScope>
                        <ErrorSummary errors={failed?.form === "deactivate" ? failed.errors : undefined} />
                        <h4>{t("team.deactivate.title", { name: m.name })}</h4>
                        <p>{t("team.deactivate.lead")}</p>
                        <p>{t("team.deactivate.count", { count: m.contactOf })}</p>
                        <input type="hidden" name="intent" value="deactivate" />
                        <input type="hidden" name="userId" value={m.id} />
                        <SelectField
                          name="reassignTo"
                          label={t("team.deactivate.reassignTo")}
                          required={m.contactOf > 0}
                          placeholder={t("invite.choose")}
                          options={others.map((o) => ({ value: o.id, label: o.name }))}
                          defaultValue={failed?.values?.reassignTo ?? (others.find((o) => o.id === me)?.id ?? "")}
                          error={failed?.form === "deactivate" ? failed.errors?.reassignTo : undefined}
                        />
                        <p>
                          <button type="submit" className="button danger" disabled={busy}>
                            {t("team.deactivate.confirm")}
                          </button>
                        </p>
                      </FieldScope>
                    </Form>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <div className="grid-2">
        <section aria-labelledby="invite-title" className="card">
          <h2 id="invite-title">{t("team.invite")}</h2>
          <Form method="post" className="stack" noValidate>
            <FieldScope>
              <ErrorSummary errors={invite?.errors} />
              <input type="hidden" name="intent" value="invite" />
              <TextField name="email" type="email" label={t("invite.email")} required autoComplete="off" defaultValue={invite?.values?.email} error={invite?.errors?.email} />
              <SelectField name="role" label={t("invite.role")} required options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} defaultValue={invite?.values?.role ?? "member"} error={invite?.errors?.role} />
              <SelectField
                name="locale"
                label={t("invite.language")}
                options={[
                  { value: "fr", label: t("lang.fr") },
                  { value: "en", label: t("lang.en") },
                ]}
                defaultValue={invite?.values?.locale ?? locale}
                error={invite?.errors?.locale}
              />
              <button type="submit" className="button" disabled={busy}>
                {t("invite.submit")}
              </button>
            </FieldScope>
          </Form>
        </section>
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{t("team.invitations")}</h2>
          <InvitationTable invitations={pending} canRevoke canResend action={`/clusters/${cluster.slug}/team`} />
        </section>
      </div>
    </>
  );
}
