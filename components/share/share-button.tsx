import { hasRole } from "@/lib/auth/roles";
import { signInOff, verifySession } from "@/lib/auth/session";
import { expiryDays } from "@/lib/share";
import type { ReportKind } from "@/lib/share/types";
import { ShareDialog } from "./share-dialog";

/**
 * "Share" for editors (docs/report-links.md). With sign-in off everyone may share and no
 * request data is read, so the cached (ISR) pages stay cacheable; with sign-in on the page
 * has checked the session already (verifySession is cached per render).
 */
export async function ShareButton({
  kind,
  range,
  workload,
  title,
}: {
  kind: ReportKind;
  range: string;
  workload?: string;
  title: string;
}) {
  if (!signInOff() && !hasRole((await verifySession()).role, "editor")) return null;
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
