import { CostPage } from "@/app/_pages/cost";
import { verifySession } from "@/lib/auth/session";

// Per request: the session is checked every time (docs/auth.md); the figures still come
// from the data cache shared by every viewer. With a session, the front door serves the
// twin cached per scope (app/s/[scope]/, docs/auth.md); this page answers the rest.
export const dynamic = "force-dynamic";

export const metadata = { title: "Cost" };

export default async function Page({ params }: { params: Promise<{ range: string }> }) {
  const viewer = await verifySession();
  return <CostPage range={(await params).range} cached={false} viewer={viewer} />;
}
