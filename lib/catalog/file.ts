/** Reading the catalog file: the server's configuration, so server-only. */
import "server-only";
import { readFileSync } from "node:fs";
import { CatalogError, parseCatalog, type Catalog } from "./load";

export function loadCatalogFile(file: string): Catalog {
  return readCatalogFile(file).catalog;
}

/** The catalog and the text it was parsed from (whose hash keys every cache). */
export function readCatalogFile(file: string): { catalog: Catalog; text: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CatalogError(`${file}: cannot read the catalog (${code ?? String(e)})`);
  }
  return { catalog: parseCatalog(text, file), text };
}
