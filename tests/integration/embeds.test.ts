/**
 * The embed registry in the embedded ClickHouse engine (docs/embeds.md): tokens created by
 * editors, listed per creator (admins: all), revoked by their creator or an admin, and a
 * revoked token refused by the check every embed page makes.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifiedSession } from "@/lib/auth/session";
import { parseCatalog, type Catalog } from "@/lib/catalog/load";
import { migrate, type ClickHouse } from "@/lib/clickhouse/connect";
import { revokedEmbedIds } from "@/lib/clickhouse/queries/embeds";
import {
  checkEmbedToken,
  createEmbed,
  listEmbeds,
  revokeEmbed,
  type RegistryContext,
} from "@/lib/embed/registry";
import { embedKeysFromEnv } from "@/lib/embed/token";
import { openEmbedded } from "../support/clickhouse";

let dir: string;
let ch: ClickHouse;
let catalog: Catalog;
let ctx: RegistryContext;
const keys = embedKeysFromEnv({ EMBED_KEY: Buffer.alloc(32, 9).toString("base64url") })!;

const ana: VerifiedSession = { user: "ana", role: "editor", teams: ["core"] };
const bo: VerifiedSession = { user: "bo", role: "editor", teams: "all" };
const vic: VerifiedSession = { user: "vic", role: "viewer", teams: "all" };
const root: VerifiedSession = { user: "root", role: "admin", teams: "all" };
const ORIGIN = "http://127.0.0.1:4001";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-embeds-"));
  ch = openEmbedded(join(dir, "clickhouse"));
  await migrate(ch);
  catalog = parseCatalog(readFileSync("tests/fixtures/catalog.yaml", "utf8"), "catalog.yaml");
  ctx = { ch: async () => ch, keys, catalog, baseUrl: "https://sightline.example/" };
});
afterAll(async () => {
  await ch?.client.close();
  rmSync(dir, { recursive: true, force: true });
});

const revokedNow = async () => ({ ok: true as const, data: await revokedEmbedIds(ch, Date.now()) });

describe("embed registry", () => {
  it("lets editors create embeds of what they may see, records them, and refuses the rest", async () => {
    const slo = catalog.workloads[0]!.slos[0]!.name;
    const made = await createEmbed(
      ana,
      { panel: "status", workload: "alpha", slo, origins: [ORIGIN], expiresInDays: 7 },
      ctx,
    );
    expect(made).toMatchObject({ ok: true });
    if (!made.ok) return;
    expect(made.value.claims).toMatchObject({ panel: "status", workload: "alpha", range: "30d" });
    expect(made.value.claims.exp - made.value.claims.iat).toBe(7 * 86_400);
    expect(made.value.snippets.html).toBe(
      `<iframe src="https://sightline.example/embed/${made.value.token}" title="Sightline: alpha ${slo}" width="100%" height="220" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`,
    );
    const badge = await createEmbed(
      bo,
      { panel: "badge", workload: "gamma", origins: [ORIGIN] },
      ctx,
    );
    expect(badge.ok && badge.value.claims.origins).toEqual([]);
    expect(badge.ok && badge.value.snippets.markdown).toMatch(
      /^!\[SLO badge of gamma\]\(https:\/\/sightline\.example\/embed\/[\w.-]+\/badge\.svg\)$/,
    );

    expect(await createEmbed(vic, { panel: "badge", workload: "alpha" }, ctx)).toMatchObject({
      ok: false,
      status: 403,
    });
    // ana sees team core only: gamma is edge's.
    expect(
      await createEmbed(ana, { panel: "status", workload: "gamma", origins: [ORIGIN] }, ctx),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await createEmbed(ana, { panel: "team", team: "edge", origins: [ORIGIN] }, ctx),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await createEmbed(ana, { panel: "status", workload: "alpha" }, ctx)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await createEmbed(ana, { panel: "status", workload: "alpha", origins: ["*"] }, ctx),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await createEmbed(ana, { panel: "burndown", workload: "alpha", origins: [ORIGIN] }, ctx),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await createEmbed(
        ana,
        { panel: "status", workload: "alpha", origins: [ORIGIN], creator: "bo" },
        ctx,
      ),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await createEmbed(
        ana,
        { panel: "status", workload: "alpha", origins: [ORIGIN] },
        { ...ctx, keys: null },
      ),
    ).toMatchObject({ ok: false, status: 503 });
  });

  it("lists the caller's embeds, and everyone's for an admin", async () => {
    // A second later than the embeds made above: the list is newest first.
    await createEmbed(
      ana,
      { panel: "team", team: "core", origins: [ORIGIN], theme: "dark", range: "7d" },
      { ...ctx, now: Date.now() + 1_000 },
    );
    const mine = await listEmbeds(ana, ctx);
    expect(mine.map((e) => [e.creator, e.panel, e.state])).toEqual([
      ["ana", "team", "active"],
      ["ana", "status", "active"],
    ]);
    expect(mine[0]).toMatchObject({ team: "core", range: "7d", theme: "dark", origins: [ORIGIN] });
    expect((await listEmbeds(bo, ctx)).map((e) => e.panel)).toEqual(["badge"]);
    expect(await listEmbeds(vic, ctx)).toEqual([]);
    expect((await listEmbeds(root, ctx)).map((e) => e.creator).sort()).toEqual([
      "ana",
      "ana",
      "bo",
    ]);
  });

  it("revokes own embeds, or anyone's for an admin, and the check refuses them", async () => {
    const made = await createEmbed(
      ana,
      { panel: "indicator", workload: "beta", indicator: "latency", origins: [ORIGIN] },
      ctx,
    );
    if (!made.ok) throw new Error(made.message);
    const { token, claims } = made.value;
    expect(await checkEmbedToken(token, keys, revokedNow)).toMatchObject({
      ok: true,
      claims: { panel: "indicator", indicator: "latency" },
    });

    // Someone else's embed is no embed at all, for anyone but an admin.
    expect(await revokeEmbed(bo, claims.jti, ctx)).toEqual({
      ok: false,
      status: 404,
      message: "no such embed",
    });
    expect(await revokeEmbed(ana, "not-a-real-id-at-all", ctx)).toMatchObject({ status: 404 });
    expect(await checkEmbedToken(token, keys, revokedNow)).toMatchObject({ ok: true });

    const revoked = await revokeEmbed(ana, claims.jti, ctx);
    expect(revoked).toMatchObject({ ok: true, value: { state: "revoked", revokedBy: "ana" } });
    expect(await checkEmbedToken(token, keys, revokedNow)).toEqual({
      ok: false,
      status: 401,
      reason: "revoked",
    });
    // Revoking again keeps the first revocation.
    const again = await revokeEmbed(root, claims.jti, ctx);
    expect(again.ok && again.value.revokedBy).toBe("ana");

    const bos = (await listEmbeds(bo, ctx))[0]!;
    expect(await revokeEmbed(root, bos.jti, ctx)).toMatchObject({
      ok: true,
      value: { creator: "bo", revokedBy: "root" },
    });
    expect((await listEmbeds(bo, ctx))[0]!.state).toBe("revoked");
    expect((await revokedEmbedIds(ch, Date.now())).sort()).toEqual([claims.jti, bos.jti].sort());
    // Once expired, a revoked token leaves the list every embed page reads.
    expect(await revokedEmbedIds(ch, Date.now() + 400 * 86_400_000)).toEqual([]);
  });

  it("answers 503 when the registry has never been read, and 401 with embeds off", async () => {
    const made = await createEmbed(bo, { panel: "badge", workload: "alpha" }, ctx);
    if (!made.ok) throw new Error(made.message);
    const down = async () => ({
      ok: false as const,
      error: { source: "ClickHouse" as const, tag: "embeds:revoked", message: "down" },
    });
    expect(await checkEmbedToken(made.value.token, keys, down)).toMatchObject({
      ok: false,
      status: 503,
    });
    expect(await checkEmbedToken(made.value.token, null, revokedNow)).toMatchObject({
      status: 401,
    });
  });
});
