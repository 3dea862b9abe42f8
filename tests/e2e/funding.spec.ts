import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";

const PASSWORD = "maillage-demo-2026";

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(/Courriel|Email/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Bonjour|Hello/);
}

async function asUser(browser: Browser, email: string, viewport?: { width: number; height: number }) {
  const context = await browser.newContext({ locale: "fr-CA", viewport, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test("a joint application from two clusters' joint-grant needs, moved to submitted by the lead, in the funder's funnel and CSV", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const programmeFr = `ERI — banc d'essai partagé ${stamp}`;
  const programmeEn = `REI — shared testbed ${stamp}`;
  const title = `Banc d'essai IA partagé ${stamp}`;

  // 1. The coordinator lists the funder's programme and its call (DEC), then creates the application.
  const coord = await asUser(browser, "coordination@maillage.example");
  let page = coord.page;
  await page.getByRole("link", { name: "Programmes et bailleurs" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Programmes et bailleurs de fonds");
  const form = page.getByRole("region", { name: "Nouveau programme" });
  await form.getByLabel("Bailleur de fonds", { exact: true }).selectOption({ label: "Développement économique Canada pour les régions du Québec" });
  await form.getByLabel("Nom en français", { exact: true }).fill(programmeFr);
  await form.getByLabel("Nom en anglais", { exact: true }).fill(programmeEn);
  await form.getByLabel("Enveloppe totale", { exact: true }).fill("2 000 000");
  await form.getByLabel("Maximum par projet", { exact: true }).fill("500 000");
  await form.getByLabel("Nombre minimal de partenaires", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Créer le programme" }).click();
  await expect(page.getByRole("status")).toContainText("Le programme est créé");
  // A call in the past is refused with a clear message; an upcoming one is added.
  await page.getByLabel("Nom de l'appel en français", { exact: true }).fill("Appel 2027");
  await page.getByLabel("Nom de l'appel en anglais", { exact: true }).fill("2027 call");
  await page.getByLabel("Date limite de dépôt", { exact: true }).fill(isoIn(-3));
  await page.getByRole("button", { name: "Ajouter l'appel" }).click();
  // next to the field, and in the summary as a link to it
  await expect(page.locator(".field-error").filter({ hasText: "Cette date limite est passée." })).toBeVisible();
  await expect(page.locator("a[href$='deadline']").filter({ hasText: "Cette date limite est passée." })).toBeVisible();
  await page.getByLabel("Date limite de dépôt", { exact: true }).fill(isoIn(90));
  await page.getByRole("button", { name: "Ajouter l'appel" }).click();
  await expect(page.getByRole("status")).toContainText("L'appel est ajouté.");

  await page.goto("/funding");
  await page.getByRole("link", { name: "Nouvelle demande" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouvelle demande conjointe");
  await page.getByLabel("Titre du projet", { exact: true }).fill(title);
  await page.getByLabel("Programme", { exact: true }).selectOption({ label: programmeFr });
  // Only the chosen programme's calls are offered.
  await expect(page.getByLabel("Appel de projets", { exact: true }).locator("option")).toHaveText(["— Aucun appel —", /^Appel 2027 — /]);
  await page.getByLabel("Appel de projets", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Grappe chef de file", { exact: true }).selectOption({ label: "Numana" });
  // The two clusters' published joint-grant needs (demo postings) form the consortium.
  const needs = page.getByRole("group", { name: "Besoins de subvention conjointe publiés" });
  const numanaNeed = needs.getByRole("checkbox", { name: /^Numana — / }).first();
  const aeroNeed = needs.getByRole("checkbox", { name: /^Aéro Montréal — / }).first();
  if ((await needs.count()) && (await numanaNeed.count()) && (await aeroNeed.count())) {
    await numanaNeed.check();
    await aeroNeed.check();
  } else {
    await page.getByRole("group", { name: "Grappes partenaires" }).getByRole("checkbox", { name: "Aéro Montréal" }).check();
  }
  await page.getByLabel("Consortium formé", { exact: true }).check();
  await page.getByLabel("Montant demandé", { exact: true }).fill("450 000");
  await page.getByLabel("Financement public", { exact: true }).fill("450 000");
  await page.getByLabel("Apport des grappes", { exact: true }).fill("50 000");
  await page.getByLabel("Apport des entreprises membres", { exact: true }).fill("100 000");
  await page.getByRole("button", { name: "Créer la demande" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("status")).toContainText("La demande conjointe est créée");
  await expect(page.locator(".fd-status-line")).toContainText("Consortium formé");
  const members = page.locator(".fd-members");
  await expect(members).toContainText("Numana");
  await expect(members).toContainText("Aéro Montréal");
  const applicationUrl = new URL(page.url()).pathname;
  await coord.context.close();

  // 2. The lead cluster's admin moves it to submitted, on a phone-sized screen.
  const lead = await asUser(browser, "admin@numana.example", { width: 375, height: 800 });
  page = lead.page;
  await page.getByRole("link", { name: "Demandes conjointes de votre grappe" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`${applicationUrl}$`));
  const move = page.getByRole("region", { name: "Faire avancer la demande" });
  // Going back needs a note.
  await move.getByLabel("Nouvelle étape", { exact: true }).selectOption({ label: "Idée — retour en arrière, note requise" });
  await move.getByRole("button", { name: "Changer d'étape" }).click();
  await expect(page.locator(".field-error").filter({ hasText: "Expliquez en une note pourquoi la demande revient en arrière" })).toBeVisible();
  for (const stage of ["Rédaction", "Déposée"]) {
    await page.getByRole("region", { name: "Faire avancer la demande" }).getByLabel("Nouvelle étape", { exact: true }).selectOption({ label: stage });
    await page.getByRole("region", { name: "Faire avancer la demande" }).getByRole("button", { name: "Changer d'étape" }).click();
    await expect(page.locator(".fd-status-line")).toContainText(stage);
  }
  await expect(page.getByRole("status")).toContainText("L'étape de la demande est changée");
  // No horizontal scrolling on a 375 px screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await lead.context.close();

  // 3. The funder (DEC, reads English) sees it in the funnel with the right amounts, and downloads the CSV.
  const funder = await asUser(browser, "funder@dec.example");
  page = funder.page;
  await page.getByRole("link", { name: "See the pipeline" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Joint application pipeline");
  await page.getByLabel("Programme", { exact: true }).selectOption({ label: programmeEn });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/programmeId=/);
  const kpi = (label: string) => page.locator(".fd-kpis > div").filter({ has: page.getByText(label, { exact: true }) }).locator("dd");
  await expect(kpi("Applications")).toHaveText("1");
  await expect(kpi("Requested (filed applications)")).toHaveText("$450,000");
  await expect(kpi("Awarded")).toHaveText("$0");
  await expect(kpi("Share of the envelope committed")).toContainText("of $2,000,000");

  const funnel = page.getByRole("figure", { name: /Application funnel/ });
  await expect(funnel.getByRole("img", { name: /Application funnel/ })).toBeVisible();
  await funnel.getByText("Show the chart's data").click();
  const rows = funnel.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "Submitted" })).toContainText(/Submitted\s*1\s*1\s*100\s*%/);
  await expect(rows.filter({ hasText: "Under review" })).toContainText(/Under review\s*0\s*0\s*0\s*%/);
  const amounts = page.getByRole("figure", { name: /Amounts per programme/ });
  await amounts.getByText("Show the chart's data").click();
  await expect(amounts.getByRole("row", { name: new RegExp(programmeEn) })).toContainText(/\$2,000,000\s*\$450,000\s*\$0\s*\$0\s*0\s*%/);
  await expect(page.locator(".fd-column-submitted")).toContainText(title);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^pipeline-dec-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe(
    "Id,Title,Programme,Stage,File closed,Stage reached,Lead,Consortium,Amount requested ($),Amount awarded ($),Public funding ($),Clusters' contribution ($),Firms' contribution ($),Deadline,Started on,Stage since,Days in stage,Decided on,Conditions,Reason for refusal",
  );
  expect(lines).toHaveLength(2); // the filter applies to the export
  const cells = lines[1].split(",");
  expect(cells.slice(1, 13)).toEqual([title, programmeEn, "Submitted", "no", "Submitted", "Numana", "Aéro Montréal | Numana", "450000", "", "450000", "50000", "100000"]);
  expect(cells[13]).toBe(isoIn(90));

  // The funder cannot open the consortium's own page.
  const res = await page.goto(applicationUrl);
  expect(res?.status()).toBe(404);
  await funder.context.close();
});
