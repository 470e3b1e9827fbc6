/**
 * The snippets the Embed dialog shows (docs/embeds.md): an iframe for panels, an image
 * (HTML and Markdown) for the badge. Pure; every value is escaped for where it goes.
 */
import type { EmbedClaims } from "./claims";

export interface EmbedSnippets {
  url: string;
  /** The iframe, or the badge's <img>. */
  html: string;
  /** The badge in Markdown; absent for panels. */
  markdown?: string;
}

const attr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const HEIGHTS = { status: 220, burndown: 320, indicator: 320, team: 420 } as const;

export function embedSnippets(
  baseUrl: string,
  token: string,
  claims: Pick<EmbedClaims, "panel" | "workload" | "team" | "slo" | "indicator">,
): EmbedSnippets {
  const base = baseUrl.replace(/\/+$/, "");
  const what = claims.team ?? claims.workload ?? "";
  if (claims.panel === "badge") {
    const url = `${base}/embed/${token}/badge.svg`;
    const alt = `SLO badge of ${what}`;
    return {
      url,
      html: `<img src="${attr(url)}" alt="${attr(alt)}" height="20">`,
      markdown: `![${alt.replace(/[[\]\\]/g, "\\$&")}](${url})`,
    };
  }
  const url = `${base}/embed/${token}`;
  const title = `Sightline: ${[what, claims.slo ?? claims.indicator].filter(Boolean).join(" ")}`;
  return {
    url,
    html: `<iframe src="${attr(url)}" title="${attr(title)}" width="100%" height="${HEIGHTS[claims.panel]}" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`,
  };
}
