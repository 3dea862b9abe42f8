import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@db/client.server";
import { passwordResets } from "@db/schema";
import { signIn } from "~/modules/auth/auth.server";
import { requestPasswordReset, resetPassword } from "~/modules/auth/password-reset.server";
import { getUser } from "~/modules/auth/require-user.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password.$token";
import { bodyOf, call, cookieFor, DEMO_PASSWORD, lastMailTo, makeRequest, seed, userByEmail } from "../helpers";

beforeAll(seed);

describe("password reset", () => {
  it("answers the same whether or not the address has an account", async () => {
    const known = await call(forgotAction, "/forgot-password", { form: { email: "admin@mmode.example" } });
    const unknown = await call(forgotAction, "/forgot-password", { form: { email: "nobody@nowhere.example" } });
    expect(known.status).toBe(unknown.status);
    expect(await bodyOf(known)).toEqual(await bodyOf(unknown));
    expect((await lastMailTo("nobody@nowhere.example")).mail).toBeUndefined();
    expect((await lastMailTo("admin@mmode.example")).mail).toBeDefined();
  });

  it("resets with the emailed link once, and signs out every session", async () => {
    const email = "admin@propulsion-quebec.example";
    const session = await cookieFor(email);
    await call(forgotAction, "/forgot-password", { form: { email } });
    const { link, token } = await lastMailTo(email);
    expect(link).toContain("/reset-password/");
    expect((await call(resetLoader, `/reset-password/${token}`, { params: { token: token! } })).status).toBe(200);
    const res = await call(resetAction, `/reset-password/${token}`, { params: { token: token! }, form: { password: "reset-passphrase-2026", confirm: "reset-passphrase-2026" } });
    expect(res.status).toBe(302);
    expect(await getUser(makeRequest("/", { cookie: session }))).toBeNull();
    expect((await signIn(email, "reset-passphrase-2026", "192.0.2.9")).ok).toBe(true);
    expect((await signIn(email, DEMO_PASSWORD, "192.0.2.9")).ok).toBe(false);
    // used
    const again = await call(resetAction, `/reset-password/${token}`, { params: { token: token! }, form: { password: "another-passphrase-1", confirm: "another-passphrase-1" } });
    expect(again.status).toBe(410);
    expect((await call(resetLoader, `/reset-password/${token}`, { params: { token: token! } })).status).toBe(410);
  });

  it("a link older than one hour is refused", async () => {
    const email = "admin@montreal-invivo.example";
    await requestPasswordReset(email, new Date(Date.now() - 61 * 60_000));
    const { token } = await lastMailTo(email);
    expect(await resetPassword(token!, "too-late-passphrase")).toBe(false);
    const user = await userByEmail(email);
    const rows = await getDb().select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(rows.every((r) => r.usedAt === null)).toBe(true);
  });

  it("validates the new password next to its field", async () => {
    const email = "admin@aero-montreal.example";
    await requestPasswordReset(email);
    const { token } = await lastMailTo(email);
    const res = await call(resetAction, `/reset-password/${token}`, { params: { token: token! }, form: { password: "short", confirm: "short" } });
    expect(res.status).toBe(400);
    expect((await bodyOf(res)).errors.password.key).toBe("error.passwordTooShort");
    const mismatch = await call(resetAction, `/reset-password/${token}`, { params: { token: token! }, form: { password: "long-enough-passphrase", confirm: "long-enough-passphrase!" } });
    expect((await bodyOf(mismatch)).errors.confirm.key).toBe("error.passwordMismatch");
  });
});
