/**
 * The server boundary, checked from the source: no "use client" module reaches, through its
 * value imports, a module that imports "server-only" or a server package; and every lib/
 * module that reaches a data source or the configuration says so with `import "server-only"`.
 * (`next build` enforces the first half too, but only for what a page happens to render.)
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  disk,
  parse,
  resolveLocal,
  sourceFiles,
  valueImports,
  type Source,
} from "../support/imports";

const SERVER_PACKAGES = [
  "server-only",
  "chdb",
  "@clickhouse/client",
  "prometheus-query",
  "node:fs",
  "node:child_process",
];
/** Modules whose value import makes a lib/ module a server module. */
const SERVER_SOURCES = [
  "lib/env/index.ts",
  "lib/prometheus/client.ts",
  "lib/clickhouse/connect.ts",
];
const DATA_PACKAGES = ["chdb", "@clickhouse/client", "prometheus-query"];

const hasDirective = (file: string, text: string, directive: string): boolean => {
  const first = parse(file, text).statements[0];
  return (
    !!first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === directive
  );
};
const isClientModule = (file: string, text: string) => hasDirective(file, text, "use client");
/**
 * A "use server" module (server actions, lib/share/actions.ts): what a client module
 * imports from it is a reference that calls the server, never the module's code.
 */
const isActionModule = (file: string, text: string) => hasDirective(file, text, "use server");

const serverPackage = (spec: string) =>
  SERVER_PACKAGES.find((p) => spec === p || spec.startsWith(`${p}/`));

/** Every chain from a client entry to a server module or package, as "a -> b -> pkg". */
function clientViolations(entries: string[], src: Source): string[] {
  const violations: string[] = [];
  for (const entry of entries) {
    const seen = new Set([entry]);
    const queue: string[][] = [[entry]];
    while (queue.length > 0) {
      const chain = queue.shift()!;
      const file = chain[chain.length - 1]!;
      for (const spec of valueImports(file, src.read(file) ?? "")) {
        const pkg = serverPackage(spec);
        if (pkg) {
          violations.push([...chain, spec].join(" -> "));
          continue;
        }
        const next = resolveLocal(file, spec, src);
        if (next && isActionModule(next, src.read(next) ?? "")) continue;
        if (next && !seen.has(next)) {
          seen.add(next);
          queue.push([...chain, next]);
        }
      }
    }
  }
  return violations;
}

/** lib/ modules with a value import of the configuration, a client or a data package. */
function serverModules(src: Source): { file: string; firstImport: string | undefined }[] {
  return sourceFiles("lib").flatMap((file) => {
    const text = src.read(file) ?? "";
    const specs = valueImports(file, text);
    const reachesSource = specs.some((spec) => {
      if (DATA_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))) return true;
      const local = resolveLocal(file, spec, src);
      return !!local && SERVER_SOURCES.includes(local);
    });
    if (!reachesSource && !SERVER_SOURCES.includes(file)) return [];
    const first = parse(file, text).statements.find(ts.isImportDeclaration);
    return [
      {
        file,
        firstImport:
          first && ts.isStringLiteral(first.moduleSpecifier)
            ? first.moduleSpecifier.text
            : undefined,
      },
    ];
  });
}

describe("server boundary", () => {
  const clientEntries = ["app", "components", "lib"]
    .flatMap(sourceFiles)
    .filter((file) => isClientModule(file, disk.read(file) ?? ""));

  it("finds the client components", () => {
    expect(clientEntries).toContain("components/workload/workload-view.tsx");
    expect(clientEntries).toContain("components/oncall/oncall-view.tsx");
  });

  it("no client component imports a server module, directly or transitively", () => {
    expect(clientViolations(clientEntries, disk)).toEqual([]);
  });

  it("every lib/ module reaching a data source or the configuration imports server-only first", () => {
    const modules = serverModules(disk);
    expect(modules.map((m) => m.file)).toEqual(
      expect.arrayContaining([...SERVER_SOURCES, "lib/clickhouse/queries/workload-usage.ts"]),
    );
    expect(modules.filter((m) => m.firstImport !== "server-only").map((m) => m.file)).toEqual([]);
  });

  it("names the chain to a server module and ignores type-only imports", () => {
    const files: Record<string, string> = {
      "components/view.tsx": `"use client";\nimport { a } from "./helper";\nimport type { T } from "@/lib/server";`,
      "components/helper.ts": `import { type U } from "../lib/server";\nexport { b } from "@/lib/shared";`,
      "lib/shared.ts": `import { c } from "./server";`,
      "lib/server.ts": `import "server-only";\nexport type T = 1;`,
    };
    const src: Source = { read: (file) => files[file] };
    expect(clientViolations(["components/view.tsx"], src)).toEqual([
      "components/view.tsx -> components/helper.ts -> lib/shared.ts -> lib/server.ts -> server-only",
    ]);
  });

  it('stops at a "use server" module, and only there', () => {
    const files: Record<string, string> = {
      "components/button.tsx": `"use client";\nimport { act } from "@/lib/actions";\nimport { x } from "@/lib/plain";`,
      "lib/actions.ts": `"use server";\nimport { c } from "./server";`,
      "lib/plain.ts": `// "use server" in a comment is no directive\nimport { c } from "./server";`,
      "lib/server.ts": `import "server-only";`,
    };
    const src: Source = { read: (file) => files[file] };
    expect(clientViolations(["components/button.tsx"], src)).toEqual([
      "components/button.tsx -> lib/plain.ts -> lib/server.ts -> server-only",
    ]);
  });
});
