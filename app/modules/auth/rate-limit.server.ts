/**
 * Sign-in rate limit, shared by every app process through the database:
 * at most N failures per account and per IP address in a sliding window (default 10 in 15 minutes).
 */
import { and, count, eq, gte } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { authAttempts } from "@db/schema";
import { limits } from "~/modules/config.server";

export async function isSignInBlocked(email: string, ip: string, now = new Date()): Promise<boolean> {
  const db = getDb();
  const since = new Date(now.getTime() - limits.signInWindowMinutes * 60_000);
  const max = limits.signInFailures;
  const [byEmail] = await db
    .select({ n: count() })
    .from(authAttempts)
    .where(and(eq(authAttempts.email, email), eq(authAttempts.success, false), gte(authAttempts.at, since)));
  if (byEmail.n >= max) return true;
  const [byIp] = await db
    .select({ n: count() })
    .from(authAttempts)
    .where(and(eq(authAttempts.ip, ip), eq(authAttempts.success, false), gte(authAttempts.at, since)));
  return byIp.n >= max;
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean, now = new Date()) {
  const db = getDb();
  if (success) {
    // A successful sign-in clears the account's failures (not the IP's).
    await db.delete(authAttempts).where(and(eq(authAttempts.email, email), eq(authAttempts.success, false)));
  }
  await db.insert(authAttempts).values({ email, ip, success, at: now });
}
