import { Form } from "@remix-run/react";
import type { Role } from "@db/schema";
import { useI18n } from "./i18n";

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  clusterName: string | null;
  funderNameFr: string | null;
  funderNameEn: string | null;
  inviterName: string | null;
}

/**
 * Pending invitations. With `canRevoke` each row can be revoked — and resent with `canResend` (a new
 * link replacing the old one) — by a form posted to `action` (the invitations page, or a team page).
 */
export function InvitationTable({
  invitations,
  canRevoke = false,
  canResend = false,
  action = "/invitations",
}: {
  invitations: PendingInvitation[];
  canRevoke?: boolean;
  canResend?: boolean;
  action?: string;
}) {
  const { t, date, locale } = useI18n();
  if (invitations.length === 0) return <p className="muted">{t("invite.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("invite.colEmail")}</th>
            <th scope="col">{t("invite.colRole")}</th>
            <th scope="col">{t("invite.colOrg")}</th>
            <th scope="col">{t("invite.colExpires")}</th>
            {canRevoke ? <th scope="col">{t("invite.colActions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {invitations.map((inv) => (
            <tr key={inv.id}>
              <td>{inv.email}</td>
              <td>{t(`role.${inv.role}`)}</td>
              <td>{inv.clusterName ?? (locale === "fr" ? inv.funderNameFr : inv.funderNameEn) ?? "—"}</td>
              <td>{date(inv.expiresAt)}</td>
              {canRevoke ? (
                <td>
                  <div className="row-actions">
                    {canResend ? <RowAction action={action} intent="resend" id={inv.id} label={t("invite.resend")} email={inv.email} /> : null}
                    <RowAction action={action} intent="revoke" id={inv.id} label={t("invite.revoke")} email={inv.email} danger />
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One button of an invitation's row: a form posting `intent` and the invitation's id. */
function RowAction({ action, intent, id, label, email, danger = false }: { action: string; intent: string; id: string; label: string; email: string; danger?: boolean }) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={danger ? "link-button danger" : "link-button"} aria-label={`${label} ${email}`}>
        {label}
      </button>
    </Form>
  );
}
