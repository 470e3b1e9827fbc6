import type { DefaultSession } from "next-auth";
import type { Role, Teams } from "@/lib/auth/roles";

// What lib/auth/options.ts's callbacks put in the token and the session.
declare module "next-auth" {
  interface Session {
    user: { name: string; role: Role; teams: Teams } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The users file's name of the signed-in user. */
    user?: string;
    role?: Role;
    teams?: Teams;
  }
}
