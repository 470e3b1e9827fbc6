/**
 * npm run hash-password: reads a password from standard input (one line, or everything
 * piped in) and prints its argon2id hash for the users file's passwordHash (docs/auth.md).
 *   printf '%s' "$PASSWORD" | npm run -s hash-password
 */
import { hashPassword } from "../lib/auth/password";

async function main() {
  if (process.stdin.isTTY) process.stderr.write("password (it is shown as you type): ");
  let input = "";
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (process.stdin.isTTY && input.includes("\n")) break;
  }
  const password = input.replace(/\r?\n$/, "");
  if (!password) {
    console.error("hash-password: expected a password on standard input");
    process.exit(1);
  }
  console.log(await hashPassword(password));
  process.exit(0);
}

void main();
