"use client";

import { createContext, useContext } from "react";

const EmbedAccessContext = createContext(false);

/**
 * Whether the signed-in user may create embeds (editors and admins), given by the page
 * from its verified session. Only hides or shows the Embed button: POST /api/v1/embeds
 * checks the role itself (lib/embed/registry.ts).
 */
export function EmbedAccess({
  allowed,
  children,
}: {
  allowed: boolean;
  children: React.ReactNode;
}) {
  return <EmbedAccessContext value={allowed}>{children}</EmbedAccessContext>;
}

export const useMayEmbed = () => useContext(EmbedAccessContext);
