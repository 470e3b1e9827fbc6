/**
 * Reading the repository's imports from the source, for the tests that check its shape
 * (server-boundary, import-graph): parse a module with the TypeScript parser, list the
 * specifiers it imports, and resolve the relative and "@/" ones to repository paths.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Source text by repository path ("lib/slo/status.ts"), or undefined if there is none. */
export interface Source {
  read(file: string): string | undefined;
}

export const disk: Source = {
  read: (file) =>
    existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), "utf8") : undefined,
};

const isTypeOnlyClause = (clause: ts.ImportClause | undefined): boolean =>
  !!clause &&
  (clause.isTypeOnly ||
    (!clause.name &&
      !!clause.namedBindings &&
      ts.isNamedImports(clause.namedBindings) &&
      clause.namedBindings.elements.length > 0 &&
      clause.namedBindings.elements.every((e) => e.isTypeOnly)));

const isTypeOnlyExport = (node: ts.ExportDeclaration): boolean =>
  node.isTypeOnly ||
  (!!node.exportClause &&
    ts.isNamedExports(node.exportClause) &&
    node.exportClause.elements.length > 0 &&
    node.exportClause.elements.every((e) => e.isTypeOnly));

export const parse = (file: string, text: string) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);

/** Specifiers a module loads at run time, in order: imports, re-exports, import(), require(). */
export function valueImports(file: string, text: string): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!isTypeOnlyClause(node.importClause)) specs.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      if (!isTypeOnlyExport(node)) specs.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node)) {
      return; // `typeof import("x")` is a type
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  return specs;
}

/**
 * Every specifier a module names, in order: what `valueImports` lists plus the type-only
 * imports and re-exports, `import("x")` in a type, and `import x = require("x")`.
 */
export function allImports(file: string, text: string): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specs.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      specs.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specs.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file, text));
  return specs;
}

/**
 * A relative or "@/" specifier as the repository path it points at, before any extension
 * or index file is added ("lib/slo/status"); undefined for a package.
 */
export function localPath(from: string, spec: string): string | undefined {
  if (spec.startsWith("@/")) return spec.slice(2);
  if (spec.startsWith("./") || spec.startsWith("../"))
    return relative(ROOT, resolve(ROOT, dirname(from), spec));
  return undefined;
}

/** A relative or "@/" specifier as a repository path, or undefined for a package. */
export function resolveLocal(from: string, spec: string, src: Source): string | undefined {
  const base = localPath(from, spec);
  if (base === undefined) return undefined;
  const candidates = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext);
  const found = candidates.find((c) => /\.tsx?$/.test(c) && src.read(c) !== undefined);
  if (!found) throw new Error(`${from}: cannot resolve "${spec}"`);
  return found;
}

/** Files under `dir` whose name matches `pattern`, except declaration files, sorted. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && pattern.test(d.name) && !d.name.endsWith(".d.ts"))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)))
    .sort();
}

/** The TypeScript sources under `dir` (one argument: it is passed to `flatMap`). */
export const sourceFiles = (dir: string): string[] => filesUnder(dir, /\.tsx?$/);
