import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { html } from "@/lib/embed/html";
import {
  EMBED_STYLE_HASH,
  embedDocument,
  sloBadge,
  statusCards,
  teamTable,
} from "@/lib/embed/render";
import { embedSnippets } from "@/lib/embed/snippets";
import { badgeSvg, lineChart } from "@/lib/embed/svg";
import type { SloStatus } from "@/lib/slo/status";

const EVIL = `<script>alert("x")</script>&'"`;
const slo = (over: Partial<SloStatus> = {}): SloStatus =>
  ({
    name: "availability",
    indicator: "availability",
    objective: 0.999,
    window: "30d",
    source: "raw",
    events: { bad: 5, total: 10_000 },
    sli: 0.9995,
    budgetConsumed: 0.59,
    budgetRemaining: 0.41,
    burnRates: { "5m": 0.5, "30m": 0.5, "1h": 0.5, "2h": 0.5, "6h": 0.5, "1d": 0.5, "3d": 0.5 },
    timeToExhaustionMs: null,
    alerts: [],
    ...over,
  }) as SloStatus;

describe("embed HTML", () => {
  it("holds the one stylesheet its policy allows, byte for byte (or the browser drops it)", () => {
    const doc = embedDocument({ title: "t", theme: "light", body: html`<p>x</p>` });
    const styles = [...doc.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    // The hash a browser computes over the element's text (docs/embeds.md).
    const hash = `sha256-${createHash("sha256").update(styles[0]!).digest("base64")}`;
    expect(hash).toBe(EMBED_STYLE_HASH);
  });

  it("escapes every interpolated value, and only those", () => {
    expect(html`<p title="${EVIL}">${EVIL}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&quot;</p>',
    );
    expect(html`<b>${html`<i>${"<"}</i>`}</b>`.text).toBe("<b><i>&lt;</i></b>");
    expect(html`${[1, "<", null, false, undefined]}`.text).toBe("1&lt;");
  });

  it("renders a workload, SLO or team name with markup inert everywhere", () => {
    const doc = embedDocument({
      title: EVIL,
      theme: "dark",
      body: html`${statusCards(EVIL, [slo({ name: EVIL })])}${teamTable(EVIL, [
        { workload: EVIL, team: EVIL, tier: 0, health: null, values: null, sparkline: null },
      ])}${lineChart({
        title: EVIL,
        series: [
          {
            name: EVIL,
            color: "--s0",
            points: [
              [0, 1],
              [60_000, 2],
            ],
          },
        ],
        thresholds: [{ label: EVIL, value: 1 }],
        format: String,
      })}`,
    });
    expect(doc).not.toContain("<script");
    expect(doc).toContain("&lt;script&gt;");
    expect(doc).toMatch(/^<!doctype html><html lang="en" data-theme="dark">/);
    expect(doc).toContain("99.950%");
    expect(doc).toContain("41%");
  });

  it("draws the badge as escaped SVG text: availability 99.95 % · budget 41 %", () => {
    const svg = sloBadge(slo());
    expect(svg).toContain(">availability</text>");
    expect(svg).toContain(">99.95 % · budget 41 %</text>");
    expect(svg).toContain("<title>availability: 99.95 % · budget 41 %</title>");
    expect(svg).not.toMatch(/<script|on\w+=|href/i);
    const evil = badgeSvg(EVIL, EVIL, "bad");
    expect(evil).not.toContain("<script");
    expect(evil.match(/&lt;script&gt;/g)).toHaveLength(6);
    expect(sloBadge(undefined, "Prometheus")).toContain("Prometheus unavailable");
  });

  it("writes snippets with the token URL and escaped names", () => {
    const s = embedSnippets("https://s.example/", "a.b.c", { panel: "team", team: EVIL });
    expect(s.url).toBe("https://s.example/embed/a.b.c");
    expect(s.html).not.toContain("<script");
    expect(s.html).toMatch(
      /^<iframe src="https:\/\/s\.example\/embed\/a\.b\.c" title="Sightline: &lt;script/,
    );
  });

  it("every embed route checks its token before anything else", () => {
    for (const f of ["app/embed/[token]/route.ts", "app/embed/[token]/badge.svg/route.ts"]) {
      const src = readFileSync(f, "utf8");
      expect(src, f).toMatch(
        /const \{ token \} = await ctx\.params;\n  const access = await embedAccess\(token\);\n  if \(!access\.ok\) return refusedResponse/,
      );
      expect(src, f).not.toMatch(/searchParams\.get\("(?!theme)/);
    }
  });
});
