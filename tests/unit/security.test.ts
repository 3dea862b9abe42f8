import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isSameOriginRequest, securityHeaders } from "~/modules/security/http.server";
import { safeRedirect } from "~/modules/auth/require-user.server";

const self = ["http://localhost:3000"];

describe("CSRF origin check", () => {
  it("lets safe methods through", () => {
    expect(isSameOriginRequest({ method: "GET", selfOrigins: self })).toBe(true);
  });
  it("accepts a POST from our own origin (Origin or Referer)", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "http://localhost:3000", selfOrigins: self })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", referer: "http://localhost:3000/login?x=1", selfOrigins: self })).toBe(true);
  });
  it("refuses a POST from elsewhere or from nowhere", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "https://evil.example", selfOrigins: self })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", origin: "null", selfOrigins: self })).toBe(false);
    expect(isSameOriginRequest({ method: "DELETE", referer: "https://evil.example/", selfOrigins: self })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", selfOrigins: self })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", referer: "not a url", selfOrigins: self })).toBe(false);
  });
});

describe("security headers", () => {
  it("set a nonce-based CSP that forbids framing, and the other headers", () => {
    const h = securityHeaders("abc", true);
    expect(h["Content-Security-Policy"]).toBe(contentSecurityPolicy("abc"));
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Strict-Transport-Security"]).toBeDefined();
    expect(securityHeaders("abc", false)["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("safeRedirect", () => {
  it("only allows local paths", () => {
    expect(safeRedirect("/clusters?q=a")).toBe("/clusters?q=a");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});
