import { describe, expect, it } from "vitest";
import { parseUsers, userByEmail, userByName, UsersFileError } from "@/lib/auth/users";

const HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$k9KDKxemk4MUxBrew5/rGA$T0P04ztSTKk+ACgExN6ZOx5jSLp5WJ0tnJuSwFjZ7cs";

const refusal = (text: string) => {
  try {
    parseUsers(text, "users.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(UsersFileError);
    return (e as Error).message;
  }
  throw new Error("accepted");
};

describe("the users file", () => {
  it("reads YAML and JSON: roles, teams, and every team for an admin", () => {
    const yaml = `users:
  - { name: ana, passwordHash: "${HASH}", role: viewer, teams: [payments, web] }
  - { name: ops, email: Ops@Example.com, role: admin }
  - { name: sso, email: sso@example.com, role: editor, teams: all }
`;
    const users = parseUsers(yaml, "users.yaml");
    expect(users).toEqual([
      { name: "ana", passwordHash: HASH, role: "viewer", teams: ["payments", "web"] },
      { name: "ops", email: "Ops@Example.com", role: "admin", teams: "all" },
      { name: "sso", email: "sso@example.com", role: "editor", teams: "all" },
    ]);
    const json = JSON.stringify({ users: [{ name: "ana", passwordHash: HASH, role: "viewer" }] });
    expect(parseUsers(json, "users.json")).toEqual([
      { name: "ana", passwordHash: HASH, role: "viewer", teams: [] },
    ]);
    expect(userByName(users, "ANA")?.name).toBe("ana");
    expect(userByEmail(users, "ops@example.COM")?.name).toBe("ops");
    expect(userByEmail(users, "nobody@example.com")).toBeUndefined();
  });

  it("refuses a bad entry with one line naming the file and the key", () => {
    const user = (fields: string) => `users:\n  - { ${fields} }\n`;
    expect(refusal(user(`name: a, passwordHash: "${HASH}", role: root`))).toBe(
      "users.yaml: users[0].role: expected one of viewer, editor, admin",
    );
    expect(refusal(user(`name: a, passwordHash: "secret", role: viewer`))).toMatch(
      /^users\.yaml: users\[0\]\.passwordHash: expected an argon2id hash/,
    );
    // A bcrypt or argon2i hash is no argon2id hash.
    expect(
      refusal(
        user(`name: a, passwordHash: "${HASH.replace("argon2id", "argon2i")}", role: viewer`),
      ),
    ).toMatch(/users\[0\]\.passwordHash: expected an argon2id hash/);
    expect(refusal(user(`name: a, email: ops, role: viewer`))).toBe(
      "users.yaml: users[0].email: expected an e-mail address",
    );
    expect(refusal(user(`name: a, email: a@b.c, role: viewer, teams: payments`))).toBe(
      "users.yaml: users[0].teams: expected a list of team names, or all",
    );
    expect(refusal(user(`name: a, email: a@b.c, role: viewer, pasword: x`))).toBe(
      "users.yaml: users[0].pasword: unknown key",
    );
    expect(refusal(user(`email: a@b.c, role: viewer`))).toBe(
      "users.yaml: users[0].name: expected a name",
    );
    expect(refusal(user(`name: a b, email: a@b.c, role: viewer`))).toMatch(
      /^users\.yaml: users\[0\]\.name: /,
    );
    expect(refusal(user(`name: a, role: viewer`))).toBe(
      "users.yaml: users[0]: expected a passwordHash or an email: this user could never sign in",
    );
    expect(refusal("people: []\n")).toMatch(/^users\.yaml: /);
    expect(refusal("users: [\n")).toMatch(/^users\.yaml: not valid YAML or JSON: /);
  });

  it("refuses two users with one name or one e-mail, whatever the case", () => {
    expect(
      refusal(`users:
  - { name: ana, email: a@x.io, role: viewer }
  - { name: Ana, email: b@x.io, role: viewer }
`),
    ).toBe('users.yaml: users[1].name: "ana" is already users[0]\'s');
    expect(
      refusal(`users:
  - { name: ana, email: a@x.io, role: viewer }
  - { name: ben, email: A@X.io, role: admin }
`),
    ).toBe('users.yaml: users[1].email: "a@x.io" is already users[0]\'s');
  });

  it("gives every error on one line", () => {
    const m = refusal(`users:\n  - { name: a, passwordHash: "${HASH}", role: [viewer] }\n`);
    expect(m.split("\n")).toHaveLength(1);
  });
});
