/**
 * Route modules are also browser bundles: the compiler swaps every `*.server` module for an empty one
 * there and keeps module-scope code it cannot prove pure. So a route must not *call* (or otherwise use)
 * anything imported from a `*.server` module at module scope — only inside functions (loader, action…).
 * Otherwise the browser throws while loading the route ("(0, a.confirmMatches) is not a function").
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const routesDir = path.resolve(__dirname, "../../app/routes");

/** Identifiers imported from `*.server` modules that are used outside any function body. */
export function serverImportsUsedAtModuleScope(source: string, fileName = "route.tsx"): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const serverNames = new Set<string>();
  for (const stmt of file.statements) {
    if (!ts.isImportDeclaration(stmt) || stmt.importClause?.isTypeOnly) continue;
    const from = (stmt.moduleSpecifier as ts.StringLiteral).text;
    if (!/\.server(\.[jt]sx?)?$/.test(from)) continue;
    const clause = stmt.importClause;
    if (clause?.name) serverNames.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) serverNames.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) if (!el.isTypeOnly) serverNames.add(el.name.text);
  }
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isIdentifier(node) && serverNames.has(node.text)) {
      const parent = node.parent;
      // `export { x }` re-exports and property names (`a.x`, `{ x: 1 }`) are not uses of the import.
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName && !ts.isExportSpecifier(parent)) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const stmt of file.statements) visit(stmt);
  return [...used].sort();
}

describe("route modules load in the browser", () => {
  it("detects a server helper called at module scope, not inside a function", () => {
    const bad = `import { confirmMatches, readForm } from "~/modules/validation/form.server";\nconst s = confirmMatches(x);\nexport async function action({ request }) { await readForm(request); }`;
    expect(serverImportsUsedAtModuleScope(bad)).toEqual(["confirmMatches"]);
  });

  it("no route uses a *.server import at module scope", () => {
    const offenders: Record<string, string[]> = {};
    for (const name of fs.readdirSync(routesDir)) {
      if (!/\.tsx?$/.test(name)) continue;
      const found = serverImportsUsedAtModuleScope(fs.readFileSync(path.join(routesDir, name), "utf8"), name);
      if (found.length) offenders[name] = found;
    }
    expect(offenders).toEqual({});
  });
});
