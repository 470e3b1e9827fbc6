import { OnCallPrefetch } from "@/components/oncall/oncall-prefetch";
import { OnCallView } from "@/components/oncall/oncall-view";
import { verifySession } from "@/lib/auth/session";

// Rendered per request from the report cached per 15-s step (lib/oncall): never at build,
// and viewers share one computation per step.
export const dynamic = "force-dynamic";

export const metadata = { title: "On-call" };

export default async function OnCallPage() {
  const viewer = await verifySession();
  return (
    <OnCallPrefetch viewer={viewer}>
      <OnCallView tv={false} />
    </OnCallPrefetch>
  );
}
