import { redirect } from "next/navigation";
import { verifySession } from "@/lib/auth/session";
import { DEFAULT_COST_PRESET } from "@/lib/cost/ranges";

export const dynamic = "force-dynamic";

/** /cost shows the default preset, 30 days. */
export default async function CostIndex() {
  await verifySession();
  redirect(`/cost/${DEFAULT_COST_PRESET}`);
}
