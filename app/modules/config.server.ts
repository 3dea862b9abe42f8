/**
 * Runtime configuration from the environment, read at call time.
 * NB: the Remix compiler replaces `process.env.NODE_ENV` in the server bundle with the build mode,
 * so the runtime value is read through an alias to honour what the operator actually set.
 */
const env: Record<string, string | undefined> = process.env;

export function isProduction(): boolean {
  return env["NODE_ENV"] === "production";
}

export function appUrl(): string {
  return (env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, "");
}

export function mailDir(): string {
  return env.MAIL_DIR ?? ".data/mail";
}

export function num(name: string, fallback: number): number {
  const v = Number(env[name]);
  return Number.isFinite(v) && env[name] !== undefined && env[name] !== "" ? v : fallback;
}

export const limits = {
  /** Failed sign-ins allowed per account and per IP in the window. */
  get signInFailures() {
    return num("SIGNIN_MAX_FAILURES", 10);
  },
  signInWindowMinutes: 15,
  invitationDays: 7,
  resetMinutes: 60,
  passwordMin: 12,
  /** Request bodies larger than this are refused with 413 (bytes). */
  get bodyBytes() {
    return num("MAX_BODY_BYTES", 1_000_000);
  },
  /** Larger bodies are accepted on import routes. */
  get importBodyBytes() {
    return num("MAX_IMPORT_BYTES", 20_000_000);
  },
};
