import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/data-table";
import type { ReportListItem } from "@/lib/share/types";
import { reportPath } from "@/lib/share/types";
import { CopyButton } from "./copy-button";
import { RevokeButton } from "./revoke-button";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

const STATUS: Record<ReportListItem["state"], string> = {
  live: "live",
  expired: "expired",
  revoked: "revoked",
};

/** "Shared by me" (docs/report-links.md): links with copy and revoke; an admin's has creators. */
export function SharedTable({ links, everyone }: { links: ReportListItem[]; everyone: boolean }) {
  const columns: DataColumn[] = [
    { key: "title", label: "Title" },
    ...(everyone ? [{ key: "creator", label: "Creator" }] : []),
    { key: "kind", label: "Page" },
    { key: "range", label: "Range" },
    { key: "created", label: "Created (UTC)" },
    { key: "expires", label: "Expires (UTC)" },
    { key: "status", label: "Status" },
    { key: "audience", label: "Who may open it" },
    { key: "views", label: "Views (signed in / without)", numeric: true },
    { key: "actions", label: "" },
  ];
  return (
    <DataTable columns={columns} testId="shared-links">
      {links.map((l) => (
        <tr key={l.id} data-testid="shared-link" data-id={l.id} data-state={l.state}>
          <th scope="row">
            {l.state === "live" ? <Link href={reportPath(l.id)}>{l.title}</Link> : l.title}
          </th>
          {everyone && <td className="text-left">{l.creator}</td>}
          <td className="text-left">
            {l.kind}
            {l.workload ? `: ${l.workload}` : ""}
          </td>
          <td className="text-left">{l.range}</td>
          <td className="text-left">{day(l.createdMs)}</td>
          <td className="text-left">{day(l.expiresMs)}</td>
          <td className={`text-left ${l.state === "live" ? "text-good" : "text-muted"}`}>
            {STATUS[l.state]}
          </td>
          <td className="text-left">
            {l.audience === "anyone" ? "anyone with the link" : "signed-in users"}
          </td>
          <td>
            {l.viewsSignedIn} / {l.viewsAnyone}
          </td>
          <td className="text-left whitespace-nowrap">
            {l.state === "live" && (
              <span className="flex gap-2">
                <CopyButton text={reportPath(l.id)} />
                <RevokeButton id={l.id} title={l.title} />
              </span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
