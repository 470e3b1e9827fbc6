/**
 * Whether a report link is gone, read without its data or any session: what proxy.ts
 * (through lib/share/proxy.ts) and the 410 page ask. Kept apart from lib/share/index.ts so
 * that the proxy's bundle does not take in the session and freezing code.
 */
import "server-only";
import { getClickHouse } from "../clickhouse";
import { selectReportLinkMeta } from "../clickhouse/queries/reports";
import { isReportId, reportState, type ReportState } from "./types";

/** "unknown" for an id that names nothing (or is not an id at all). */
export async function reportLinkState(
  id: string,
  nowMs: number = Date.now(),
): Promise<ReportState | "unknown"> {
  if (!isReportId(id)) return "unknown";
  const meta = await selectReportLinkMeta(await getClickHouse(), id);
  return meta ? reportState(meta, nowMs) : "unknown";
}
