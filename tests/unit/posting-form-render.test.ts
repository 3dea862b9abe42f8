/**
 * The posting form renders whatever category a hand-made request sent back (issue 11, section 4):
 * an unknown or blank `category` once crashed the page ("reading 'includes'") after a 400.
 */
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { PostingForm } from "~/components/posting-form";

function render(category: string) {
  const form = createElement(PostingForm, { mode: "create", values: { category, kind: "need", unit: "desks" }, errors: { category: { key: "error.choice" } }, contacts: [] });
  const router = createMemoryRouter([{ id: "root", path: "/", element: form, loader: () => ({ locale: "fr" }) }], { hydrationData: { loaderData: { root: { locale: "fr" } } } });
  return renderToString(createElement(RouterProvider, { router }));
}

test.each(["__bogus__", "", "includes", "constructor", "__proto__"])("category %j renders the form with its error", (category) => {
  const html = render(category);
  expect(html).toContain('name="category"');
  expect(html).toContain("Choisissez une option de la liste.");
});
