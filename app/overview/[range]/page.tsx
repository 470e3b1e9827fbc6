import { OverviewPage } from "@/app/_pages/overview";
import { verifySession } from "@/lib/auth/session";

// Per request: the session is checked every time (docs/auth.md); the figures still come
// from the data cache shared by every viewer. Sign-in off: proxy.ts serves app/open/ (ISR).
export const dynamic = "force-dynamic";

export const metadata = { title: "Overview" };

export default async function Page({ params }: { params: Promise<{ range: string }> }) {
  const viewer = await verifySession();
  return <OverviewPage range={(await params).range} cached={false} viewer={viewer} />;
}
