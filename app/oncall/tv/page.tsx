import { OnCallPrefetch } from "@/components/oncall/oncall-prefetch";
import { OnCallView } from "@/components/oncall/oncall-view";
import { verifySession } from "@/lib/auth/session";
import { TvFrame } from "@/components/oncall/tv-frame";

export const dynamic = "force-dynamic";

export const metadata = { title: "On-call (TV)" };

/** The wall screen: full screen, dark, large type, no navigation. */
export default async function OnCallTvPage() {
  const viewer = await verifySession();
  return (
    <TvFrame>
      <OnCallPrefetch viewer={viewer}>
        <OnCallView tv />
      </OnCallPrefetch>
    </TvFrame>
  );
}
