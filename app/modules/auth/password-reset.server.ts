/** Password reset by emailed single-use link, valid one hour. The answer never reveals whether an account exists. */
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { passwordResets, users } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { appUrl, limits } from "~/modules/config.server";
import { translator } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { findUserByEmail } from "./auth.server";
import { lucia } from "./lucia.server";
import { hashPassword } from "./password.server";
import { hashToken, newToken } from "./tokens.server";

export async function requestPasswordReset(email: string, now = new Date()): Promise<void> {
  const user = await findUserByEmail(email);
  // (a deactivated account gets no reset link either: the answer is the same, nothing is revealed)
  if (!user || user.deactivatedAt) return;
  const { token, hash } = newToken();
  const t = translator(user.locale);
  await getDb().transaction(async (tx) => {
    await tx.insert(passwordResets).values({ tokenHash: hash, userId: user.id, expiresAt: new Date(now.getTime() + limits.resetMinutes * 60_000), createdAt: now });
    await audit(tx, { actorId: user.id, action: "password.reset_request", entity: "user", entityId: user.id });
    await sendEmail(tx, {
      to: user.email,
      kind: "password_reset",
      subject: t("mail.reset.subject"),
      text: t("mail.reset.body", { name: user.name, link: `${appUrl()}/reset-password/${token}` }),
    });
  });
}

export async function isResetTokenValid(token: string, now = new Date()): Promise<boolean> {
  const [row] = await getDb().select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(token)));
  return !!row && !row.usedAt && row.expiresAt > now;
}

/** Set the new password, consume the token (and every other pending one), sign out every session. */
export async function resetPassword(token: string, password: string, now = new Date()): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const userId = await getDb().transaction(async (tx) => {
    const [row] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(token))).for("update");
    if (!row || row.usedAt || row.expiresAt <= now) return null;
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.userId));
    await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)));
    await audit(tx, { actorId: row.userId, action: "password.reset", entity: "user", entityId: row.userId });
    return row.userId;
  });
  if (!userId) return false;
  await lucia().invalidateUserSessions(userId);
  return true;
}
