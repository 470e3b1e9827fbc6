/** The embeds list's rows: plain data handed from the page to the client list. Pure. */
import type { EmbedListItem } from "@/lib/embed/registry";

export interface EmbedRow {
  id: string;
  state: EmbedListItem["state"];
  creator: string;
  what: string;
  range: string;
  origins: string[];
  created: string;
  expires: string;
  revoked: string | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export function embedRows(items: EmbedListItem[]): EmbedRow[] {
  return items.map((e) => ({
    id: e.jti,
    state: e.state,
    creator: e.creator,
    what: [e.panel, e.team || e.workload, e.slo || e.indicator].filter(Boolean).join(" · "),
    range: e.range,
    origins: e.origins,
    created: day(e.createdMs),
    expires: day(e.expiresMs),
    revoked: e.revokedMs === null ? null : `${day(e.revokedMs)} by ${e.revokedBy}`,
  }));
}
