import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/v1/health/route";
import { validateStartup } from "@/lib/startup";

afterEach(() => vi.unstubAllEnvs());

describe("/api/v1/health", () => {
  it("answers 503 until the environment and catalog are validated, then ok", async () => {
    const before = GET();
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: "starting" });
    vi.stubEnv("CATALOG_FILE", "tests/fixtures/catalog.yaml");
    validateStartup();
    const after = GET();
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: "ok" });
  });
});
