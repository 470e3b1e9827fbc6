import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { externalProviders, passwordSignIn } from "@/lib/auth/options";
import { signInOff } from "@/lib/auth/session";

// The sign-in page: the one page without a session check (docs/auth.md).
export const dynamic = "force-dynamic";

export const metadata = { title: "Sign in" };

/** next-auth's error codes (and ours), as a sentence for the person signing in. */
function errorMessage(code: string | undefined, retryAfter: string | undefined): string | null {
  switch (code) {
    case undefined:
      return null;
    case "CredentialsSignin":
      return "Wrong name or password.";
    case "RateLimited":
      return `Too many failed sign-ins: try again in ${Number(retryAfter) || 60} s.`;
    case "AccessDenied":
      return "This account has no access to Sightline: ask an admin to add it to the users file.";
    case "SessionRequired":
      return "Sign in to continue.";
    case "OAuthSignin":
    case "OAuthCallback":
    case "OAuthCreateAccount":
    case "OAuthAccountNotLinked":
    case "Callback":
      return "Signing in with the identity provider failed: try again, or ask an admin.";
    default:
      return "Signing in failed: try again.";
  }
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const q = await searchParams;
  const one = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : undefined);
  const callbackUrl = safeCallbackUrl(one("callbackUrl"));
  if (signInOff()) {
    return (
      <div className="mx-auto max-w-sm space-y-4 py-10">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-muted">Sign-in is off: there is nothing to sign in to.</p>
        <Link href={callbackUrl} className="text-sm text-accent underline">
          Continue
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm space-y-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Sightline</h1>
      <LoginForm
        callbackUrl={callbackUrl}
        initialError={errorMessage(one("error"), one("retryAfter"))}
        password={passwordSignIn()}
        providers={externalProviders()}
      />
    </div>
  );
}
