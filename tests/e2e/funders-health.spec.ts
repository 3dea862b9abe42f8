/**
 * Funders decide, and the network's health: a funder records an award (a refusal above the request
 * first) and the lead cluster is notified; the health page and the committee's report show the demo
 * data's figures (computed here from db/demo/postings.ts) and print without the site's chrome; the
 * call list of a new application follows the chosen programme, with and without JavaScript.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_POSTINGS } from "../../db/demo/postings";

const PASSWORD = "maillage-demo-2026";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Bonjour|Hello/);
}

async function asUser(browser: Browser, email: string, opts: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ locale: "fr-CA", acceptDownloads: true, javaScriptEnabled: opts.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

const TITLE = "Formation commune en écoconduite et logistique verte"; // demo: ESSOR (MEIE), submitted, 150 000 $ requested, led by Propulsion Québec

test("a funder records an award on its programme's application; the lead cluster is notified", async ({ browser }) => {
  const funder = await asUser(browser, "bailleur@meie.example");
  let page = funder.page;
  await page.getByRole("link", { name: "Pipeline de vos programmes" }).first().click();
  await page.getByRole("link", { name: TITLE }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  const url = new URL(page.url()).pathname;
  const decision = page.getByRole("region", { name: "Décision du bailleur" });
  await expect(decision).toContainText("La demande attend la décision du bailleur.");

  // Above the request: refused, with the amount in the reader's language, nothing recorded.
  await decision.getByLabel("Accordée", { exact: true }).check();
  await decision.getByLabel("Montant accordé", { exact: true }).fill("160 000");
  await decision.getByRole("button", { name: "Inscrire la décision" }).click();
  await expect(page.locator(".field-error").filter({ hasText: /Le montant accordé ne peut pas dépasser le montant demandé \(150\s000\s\$\)/ })).toBeVisible();
  await expect(page.locator(".fd-status-line")).toContainText("Déposée");

  await page.getByRole("region", { name: "Décision du bailleur" }).getByLabel("Accordée", { exact: true }).check();
  await page.getByRole("region", { name: "Décision du bailleur" }).getByLabel("Montant accordé", { exact: true }).fill("140 000");
  await page.getByRole("region", { name: "Décision du bailleur" }).getByLabel("Conditions", { exact: true }).fill("Rapport final avec la liste des participants.");
  await page.getByRole("region", { name: "Décision du bailleur" }).getByRole("button", { name: "Inscrire la décision" }).click();
  await expect(page.getByRole("status")).toContainText("La décision est inscrite");
  await expect(page.locator(".fd-status-line")).toContainText("Accordée");
  await expect(page.getByRole("region", { name: "Décision du bailleur" })).toContainText(/Aide accordée : 140\s000\s\$/);
  // Now the award can get its reporting milestones.
  await expect(page.getByRole("heading", { name: /Jalons de suivi/ })).toBeVisible();
  await funder.context.close();

  // Another funder does not even see it.
  const dec = await asUser(browser, "funder@dec.example");
  const res = await dec.page.goto(url);
  expect(res?.status()).toBe(404);
  await dec.context.close();

  // The lead cluster is told: in the notification centre, and by email.
  const lead = await asUser(browser, "admin@propulsion-quebec.example");
  page = lead.page;
  await page.goto("/notifications");
  await expect(page.getByRole("main")).toContainText(new RegExp(`Aide accordée à « ${TITLE} » : 140\\s000\\s\\$`));
  await page.goto(`/funding/applications/${url.split("/").pop()}`);
  await expect(page.getByRole("region", { name: "Décision du bailleur" })).toContainText("Rapport final avec la liste des participants.");
  // The consortium may not set a decision itself.
  const moves = await page.getByRole("region", { name: "Faire avancer la demande" }).getByLabel("Nouvelle étape", { exact: true }).locator("option").allTextContents();
  expect(moves.some((m) => m.startsWith("Accordée") || m.startsWith("Refusée"))).toBe(false);
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(page.getByRole("main")).toContainText(`Aide accordée : « ${TITLE} »`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await lead.context.close();
});

// The demo's open needs: per category and cluster, and those 30 days old or more.
const demoNeeds = DEMO_POSTINGS.filter((p) => p.input.kind === "need" && (p.status ?? "open") === "open");
const jointGrants = (cluster: string) => demoNeeds.filter((p) => p.input.category === "joint_grant" && p.cluster === cluster).length;

test("the network's health shows the demo data's figures; the committee's report prints without the site's chrome", async ({ browser }) => {
  const coord = await asUser(browser, "coordination@maillage.example");
  const page = coord.page;
  await page.goto("/impact");
  await page.getByRole("link", { name: "Santé du réseau" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Santé du réseau");

  // Unmet demand: joint-grant needs are pooled, never served by an offer — the demo's, cluster by cluster.
  const row = page.locator("table.bk-heat tr[data-category='joint_grant']");
  await expect(row.locator("th")).toHaveText("Demande de subvention conjointe");
  for (const cluster of ["finance-montreal", "ecotech-quebec", "propulsion-quebec", "mmode", "numana", "aero-montreal"])
    await expect(row.locator(`td[data-cluster='${cluster}']`), cluster).toHaveText(String(jointGrants(cluster)));
  await expect(row.locator("td.bk-heat-total")).toHaveText(String(demoNeeds.filter((p) => p.input.category === "joint_grant").length));
  await expect(row.locator("td[data-cluster='cargo-m']")).toHaveText("0");

  // Needs left waiting: Finance Montréal's 60-day-old CMM grant (alone for its programme, never introduced).
  const stale = page.locator("figure").filter({ has: page.getByText("Besoins sans suite, par grappe", { exact: true }) });
  await stale.getByText("Voir les données").click();
  const fm = stale.getByRole("row", { name: /Finance Montréal/ });
  await expect(fm.getByRole("cell").nth(0)).toHaveText("1");
  await expect(fm.getByRole("cell").nth(2)).toHaveText("60 j");

  // Every table has its CSV, French style.
  const download = page.waitForEvent("download");
  await page.locator("figure").filter({ hasText: "Demande non satisfaite" }).getByRole("link", { name: /Télécharger en CSV/ }).click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file!, "utf8");
  expect(text.split("\r\n")[0]).toMatch(/^\ufeff?Catégorie;AluQuébec;Aéro Montréal;/);
  expect(text).toContain(`Demande de subvention conjointe;`);

  // A period that ends before it starts: a message, and the default period.
  await page.goto("/impact/health?from=2026-06-01&to=2026-01-01");
  await expect(page.getByRole("main")).toContainText("La date de début suit la date de fin");

  // The committee's report: one page for the period, printed without header, navigation or forms.
  await page.goto("/impact/report");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rapport au comité intergrappes");
  await expect(page.locator(".bk-report-period")).toContainText(/Du .* au /);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".bk-period")).toBeHidden();
  await expect(page.getByRole("link", { name: /Télécharger en CSV/ }).first()).toBeHidden();
  await expect(page.getByRole("heading", { name: "Où agir" })).toBeVisible();
  await expect(page.locator("table.bk-heat")).toBeVisible();
  await coord.context.close();

  // A cluster administrator (who sits on the committee) reads it too, from the menu.
  const admin = await asUser(browser, "admin@ecotech-quebec.example");
  await admin.page.getByRole("link", { name: "Rapport au comité" }).click();
  await expect(admin.page.getByRole("heading", { level: 1 })).toHaveText("Rapport au comité intergrappes");
  expect((await admin.page.goto("/impact/health"))?.status()).toBe(404);
  await admin.context.close();
});

test.describe("the call list of a new application follows the chosen programme", () => {
  test("without JavaScript: a button shows the programme's calls, the entries kept", async ({ browser }) => {
    const coord = await asUser(browser, "coordination@maillage.example", { javaScriptEnabled: false });
    const page = coord.page;
    await page.goto("/funding/new");
    await expect(page.getByLabel("Appel de projets", { exact: true }).locator("option")).toHaveText(["— Choisissez un programme —"]);
    await page.getByLabel("Titre du projet", { exact: true }).fill("Sans script");
    await page.getByLabel("Programme", { exact: true }).selectOption({ label: "ESSOR — projets collectifs de développement durable" });
    await page.getByRole("button", { name: "Afficher les appels de ce programme" }).click();
    await expect(page.getByLabel("Titre du projet", { exact: true })).toHaveValue("Sans script");
    const calls = await page.getByLabel("Appel de projets", { exact: true }).locator("option").allTextContents();
    expect(calls[0]).toBe("— Aucun appel —");
    expect(calls.slice(1).every((c) => /Appel d'hiver 2026|Appel du printemps 2027/.test(c))).toBe(true);
    expect(calls.length).toBeGreaterThan(1);
    await coord.context.close();
  });

  test("with JavaScript: the list changes as the programme does", async ({ browser }) => {
    const coord = await asUser(browser, "coordination@maillage.example");
    const page = coord.page;
    await page.goto("/funding/new");
    await expect(page.getByRole("button", { name: "Afficher les appels de ce programme" })).toHaveCount(0);
    await page.getByLabel("Programme", { exact: true }).selectOption({ label: "Écosystèmes régionaux d'innovation (ERI)" });
    await expect(page.getByLabel("Appel de projets", { exact: true }).locator("option").nth(1)).toContainText("Date de priorité");
    const calls = await page.getByLabel("Appel de projets", { exact: true }).locator("option").allTextContents();
    expect(calls.slice(1).every((c) => c.startsWith("Date de priorité"))).toBe(true);
    await coord.context.close();
  });
});
