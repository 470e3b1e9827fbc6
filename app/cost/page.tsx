import { redirect } from "next/navigation";
import { DEFAULT_COST_PRESET } from "@/lib/cost/ranges";

/** /cost shows the default preset, 30 days. */
export default function CostIndex() {
  redirect(`/cost/${DEFAULT_COST_PRESET}`);
}
