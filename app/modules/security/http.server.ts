/** HTTP hardening shared by the server: CSRF origin check, security headers, small translated error pages. */
import { negotiateLocale } from "~/modules/i18n/negotiate";
import { translator, type MessageKey } from "~/modules/i18n";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from our own pages: its Origin (or, failing that, Referer)
 * must be the app's own origin. Requests carrying neither are refused.
 */
export function isSameOriginRequest(opts: { method: string; origin?: string | null; referer?: string | null; selfOrigins: string[] }): boolean {
  if (SAFE_METHODS.has(opts.method.toUpperCase())) return true;
  const source = opts.origin && opts.origin !== "null" ? opts.origin : opts.referer ? safeOrigin(opts.referer) : null;
  if (!source) return false;
  return opts.selfOrigins.includes(source.replace(/\/$/, ""));
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string, production: boolean): Record<string, string> {
  const h: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (production) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return h;
}

/** A minimal translated page for answers given before Remix runs (413, 411, CSRF 403). */
export function plainErrorPage(request: Request, titleKey: MessageKey, bodyKey: MessageKey): string {
  const locale = negotiateLocale(request);
  const t = translator(locale);
  const title = t(titleKey);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} — Maillage</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head><body><main id="main" class="container narrow"><h1>${title}</h1><p>${t(bodyKey)}</p><p><a href="/">${t("errorPage.home")}</a></p></main></body></html>`;
}
