/**
 * The HTTP server: Express in front of the Remix build, with the hardening that must run before Remix
 * (security headers + CSP nonce, CSRF origin check, body size limit) and static files.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import "~/load-context";
import { appUrl, isProduction, limits, setting } from "~/modules/config.server";
import { isSameOriginRequest, plainErrorPage, securityHeaders } from "~/modules/security/http.server";


/** A Fetch Request built only from the headers, for translating early error pages. */
function headersRequest(req: express.Request): Request {
  return new Request("http://local/", { headers: { "accept-language": req.get("accept-language") ?? "", cookie: req.get("cookie") ?? "" } });
}

const WORKER = String(process.pid);

export async function createApp(buildPath = path.resolve("build/index.js")) {
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const production = isProduction();
  const app = express();
  app.disable("x-powered-by");
  const trust = setting("TRUST_PROXY");
  if (trust) app.set("trust proxy", /^\d+$/.test(trust) ? Number(trust) : trust === "true" ? true : trust);
  app.use(compression());

  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, production));
    // Which app process answered (`npm start` may run several): for load balancing checks and benchmarks.
    res.set("X-Worker", WORKER);
    next();
  });

  // Static assets: fingerprinted build files are immutable.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const selfOrigins = [`${req.protocol}://${req.get("host")}`, new URL(appUrl()).origin];
    if (!isSameOriginRequest({ method: req.method, origin: req.get("origin"), referer: req.get("referer"), selfOrigins })) {
      res.status(403).type("html").send(plainErrorPage(headersRequest(req), "errorPage.403.title", "errorPage.csrf"));
      return;
    }
    const max = req.path.includes("/import") ? limits.importBodyBytes : limits.bodyBytes;
    const length = req.get("content-length");
    if (length === undefined && req.get("transfer-encoding")) {
      res.status(411).type("html").send(plainErrorPage(headersRequest(req), "errorPage.400.title", "errorPage.400.body"));
      return;
    }
    if (Number(length ?? 0) > max) {
      res.status(413).type("html").send(plainErrorPage(headersRequest(req), "errorPage.413.title", "errorPage.413.body"));
      req.resume();
      return;
    }
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      // Always production mode: error details and stack traces never reach the browser.
      mode: "production",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  return app;
}
