import "server-only";
import { getAuthEnv } from "../env";
import { clientIp, PEER_HEADER } from "./client-ip";

/** The address of a request's client as the sign-in limiter counts it (client-ip.ts). */
export const requestAddress = (header: (name: string) => string | null | undefined) =>
  clientIp(header(PEER_HEADER), header("x-forwarded-for"), getAuthEnv().trustedProxyHops);
