/**
 * The import graph's shape, checked from the source:
 * - nothing under scripts/ imports from tests/ (tests may import scripts/lib, not the
 *   other way round: the harness the benchmark and the tests share lives in scripts/lib);
 * - the top-level folders of lib/ do not import each other in a cycle. The folder graph has
 *   an edge catalog → prometheus when any file in lib/catalog imports any file in
 *   lib/prometheus; a file directly in lib/ (lib/startup.ts) is a node of its own.
 *
 * Every import counts, `import type` and `export type … from` included: a cycle through
 * types alone still ties the folders together (neither can be moved, split or read
 * without the other), even though it costs nothing at run time.
 */
import { describe, expect, it } from "vitest";
import {
  allImports,
  disk,
  filesUnder,
  localPath,
  resolveLocal,
  sourceFiles,
  type Source,
} from "../support/imports";

/** Every module under scripts/, TypeScript or JavaScript. */
const SCRIPT_MODULES = /\.(tsx?|mts|cts|mjs|cjs|js)$/;
/** Cycles listed at most; past that the list ends with a count of the ones left out. */
const MAX_CYCLES = 100;

/** Each import of a module under tests/ by one of `files`, as `file imports "specifier"`. */
function importsOfTests(files: string[], src: Source): string[] {
  return files.flatMap((file) =>
    allImports(file, src.read(file) ?? "")
      .filter((spec) => {
        const path = localPath(file, spec);
        return path !== undefined && (path === "tests" || path.startsWith("tests/"));
      })
      .map((spec) => `${file} imports "${spec}"`),
  );
}

/** The folder of lib/ a lib/ file belongs to ("lib/slo/status.ts" → "slo"). */
const folderOf = (file: string) => file.split("/")[1]!;

/**
 * The folder graph of lib/: from → to → one file import that makes the edge, as
 * "lib/a/x.ts → lib/b/y.ts" (the first in file order).
 */
function folderGraph(files: string[], src: Source): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    for (const spec of allImports(file, src.read(file) ?? "")) {
      const target = resolveLocal(file, spec, src);
      if (!target?.startsWith("lib/")) continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from)!;
      if (!edges.has(to)) edges.set(to, `${file} → ${target}`);
    }
  }
  return graph;
}

interface Cycle {
  /** "catalog → prometheus → catalog" */
  cycle: string;
  /** One file import for each edge of the cycle, in its order. */
  imports: string[];
}

/**
 * Every elementary cycle of the folder graph, each once: it starts at its alphabetically
 * first folder, and cycles are listed in order of those paths.
 */
function folderCycles(graph: Map<string, Map<string, string>>): Cycle[] {
  const paths: string[][] = [];
  let leftOut = 0;
  const folders = [...graph.keys()].sort();
  for (const start of folders) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (folder: string) => {
      for (const next of [...(graph.get(folder)?.keys() ?? [])].sort()) {
        if (next === start) {
          if (paths.length < MAX_CYCLES) paths.push([...path, start]);
          else leftOut++;
        } else if (next > start && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  const cycles = paths.map((p) => ({
    cycle: p.join(" → "),
    imports: p.slice(1).map((to, i) => graph.get(p[i]!)!.get(to)!),
  }));
  if (leftOut > 0) cycles.push({ cycle: `… and ${leftOut} more cycles`, imports: [] });
  return cycles;
}

describe("import graph", () => {
  it("reads the modules it checks", () => {
    expect(filesUnder("scripts", SCRIPT_MODULES)).toEqual(
      expect.arrayContaining(["scripts/bench/app.ts", "scripts/lib/app-server.ts"]),
    );
    expect(sourceFiles("lib")).toEqual(
      expect.arrayContaining(["lib/catalog/load.ts", "lib/prometheus/client.ts"]),
    );
  });

  it("nothing under scripts/ imports from tests/", () => {
    expect(importsOfTests(filesUnder("scripts", SCRIPT_MODULES), disk)).toEqual([]);
  });

  it("the top-level folders of lib/ import each other without a cycle", () => {
    expect(folderCycles(folderGraph(sourceFiles("lib"), disk))).toEqual([]);
  });

  it("finds relative, @/ and type-only imports, and names each cycle with its imports", () => {
    const files: Record<string, string> = {
      "scripts/bench/run.ts": [
        `import { start } from "../../tests/support/server";`,
        `import type { Estate } from "@/tests/support/estate";`,
        `import { spawn } from "../lib/processes";`,
        `import { parse } from "yaml";`,
      ].join("\n"),
      "scripts/lib/processes.ts": `export const spawn = 1;`,
      "lib/a/one.ts": `import type { B } from "@/lib/b";\nexport const one = 1;`,
      "lib/a/two.ts": `import { one } from "./one";`,
      "lib/b/index.ts": `export { three } from "../c/three";\nexport type B = 1;`,
      "lib/b/four.ts": `export type Four = typeof import("../a/two");`,
      "lib/c/three.ts": `import { one } from "../a/one";\nexport const three = one;`,
      "lib/d.ts": `import { one } from "./a/one";\nimport { z } from "zod";`,
    };
    const src: Source = { read: (file) => files[file] };
    const inside = (dir: string) => Object.keys(files).filter((f) => f.startsWith(dir));

    expect(importsOfTests(inside("scripts/"), src)).toEqual([
      `scripts/bench/run.ts imports "../../tests/support/server"`,
      `scripts/bench/run.ts imports "@/tests/support/estate"`,
    ]);
    expect(folderCycles(folderGraph(inside("lib/"), src))).toEqual([
      {
        cycle: "a → b → a",
        imports: ["lib/a/one.ts → lib/b/index.ts", "lib/b/four.ts → lib/a/two.ts"],
      },
      {
        cycle: "a → b → c → a",
        imports: [
          "lib/a/one.ts → lib/b/index.ts",
          "lib/b/index.ts → lib/c/three.ts",
          "lib/c/three.ts → lib/a/one.ts",
        ],
      },
    ]);
  });
});
