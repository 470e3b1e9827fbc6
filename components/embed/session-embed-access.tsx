import { hasRole } from "@/lib/auth/roles";
import { verifySession } from "@/lib/auth/session";
import { EmbedAccess } from "./embed-access";

/** Shows the Embed buttons below it to editors and admins of the page's session. */
export async function SessionEmbedAccess({ children }: { children: React.ReactNode }) {
  const session = await verifySession();
  return <EmbedAccess allowed={hasRole(session.role, "editor")}>{children}</EmbedAccess>;
}
