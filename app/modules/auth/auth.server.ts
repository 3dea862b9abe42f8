/** Sign in, sign out, password change. */
import { eq, sql } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { users, type User } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { appUrl } from "~/modules/config.server";
import { translator } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { lucia } from "./lucia.server";
import { hashPassword, verifyDummy, verifyPassword } from "./password.server";
import { isSignInBlocked, recordSignInAttempt } from "./rate-limit.server";

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return user;
}

export type SignInResult = { ok: true; user: User; cookie: string } | { ok: false; reason: "invalid" | "rate_limited" | "deactivated" };

export async function signIn(emailInput: string, password: string, ip: string): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  if (await isSignInBlocked(email, ip)) return { ok: false, reason: "rate_limited" };
  const user = await findUserByEmail(email);
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyDummy(password);
  await recordSignInAttempt(email, ip, valid);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  // A deactivated account (a colleague who left) gets no session; only the right password learns why.
  if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
  return { ok: true, user, cookie: await createSessionCookie(user.id) };
}

export async function createSessionCookie(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return lucia().createSessionCookie(session.id).serialize();
}

export async function signOut(sessionId: string | null): Promise<string> {
  if (sessionId) await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}

export type ChangePasswordResult = { ok: true; cookie: string } | { ok: false; reason: "wrong_password" };

/** Change the password, sign out every session (other devices included) and open a fresh one here. */
export async function changePassword(userId: string, current: string, next: string): Promise<ChangePasswordResult> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, current))) return { ok: false, reason: "wrong_password" };
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await audit(tx, { actorId: userId, action: "password.change", entity: "user", entityId: userId });
    const t = translator(user.locale);
    await sendEmail(tx, {
      to: user.email,
      kind: "password_changed",
      subject: t("mail.passwordChanged.subject"),
      text: t("mail.passwordChanged.body", { name: user.name, link: `${appUrl()}/forgot-password` }),
    });
  });
  await lucia().invalidateUserSessions(userId);
  return { ok: true, cookie: await createSessionCookie(userId) };
}

export async function updateProfile(userId: string, input: { name: string; locale: "fr" | "en" }) {
  const db = getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, userId));
    await tx.update(users).set({ ...input, updatedAt: new Date() }).where(eq(users.id, userId));
    await audit(tx, { actorId: userId, action: "user.update", entity: "user", entityId: userId, before, after: input });
  });
}

export async function setUserLocale(userId: string, locale: "fr" | "en") {
  await getDb().update(users).set({ locale }).where(eq(users.id, userId));
}
