import { hasRole } from "@/lib/auth/roles";
import type { VerifiedSession } from "@/lib/auth/session";
import { expiryDays } from "@/lib/share";
import type { ReportKind } from "@/lib/share/types";
import { ShareDialog } from "./share-dialog";

/**
 * "Share" for editors (docs/report-links.md), from the viewer the page was given: no
 * request data is read, so the pages cached per scope stay cacheable (the scope holds the
 * role). Creating a link checks the session itself (lib/share).
 */
export function ShareButton({
  kind,
  range,
  workload,
  title,
  viewer,
}: {
  viewer: Pick<VerifiedSession, "role">;
  kind: ReportKind;
  range: string;
  workload?: string;
  title: string;
}) {
  if (!hasRole(viewer.role, "editor")) return null;
  const days = expiryDays();
  return (
    <ShareDialog
      kind={kind}
      range={range}
      workload={workload}
      defaultTitle={title}
      defaultDays={days.default}
      maxDays={days.max}
    />
  );
}
