/**
 * Every page's title is in the reader's language ("<page> — Maillage"), from the dictionaries: no fixed
 * bilingual "Mon compte / My account" titles, and the home and 404 pages have a name of their own.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pageTitle } from "~/modules/i18n/meta";

const routesDir = path.resolve(__dirname, "../../app/routes");
const root = (locale: "fr" | "en") => [{ id: "root", data: { locale } }];

describe("page titles", () => {
  it("are translated, and fall back to the 404 title without data", () => {
    expect(pageTitle(root("fr"), "account.title")).toEqual([{ title: "Mon compte — Maillage" }]);
    expect(pageTitle(root("en"), "account.title")).toEqual([{ title: "My account — Maillage" }]);
    expect(pageTitle(root("en"), "Bureaux partagés à Laval")).toEqual([{ title: "Bureaux partagés à Laval — Maillage" }]);
    expect(pageTitle(root("fr"), undefined)).toEqual([{ title: "Page introuvable — Maillage" }]);
    expect(pageTitle([], "home.pageTitle")).toEqual([{ title: "Accueil — Maillage" }]);
  });

  it("of every route come from pageTitle, never from a fixed string", () => {
    const fixed: string[] = [];
    for (const name of fs.readdirSync(routesDir)) {
      if (!name.endsWith(".tsx")) continue;
      const source = fs.readFileSync(path.join(routesDir, name), "utf8");
      const meta = source.match(/export const meta[^\n]*(\n(?!\n)[^\n]*)*/)?.[0];
      if (!meta) continue;
      if (!meta.includes("pageTitle(") || /title:\s*["`]/.test(meta)) fixed.push(name);
    }
    expect(fixed).toEqual([]);
  });
});
