/**
 * Terraform's own parser and formatter over every module and example (`terraform fmt -check`), when a
 * `terraform` binary is on the PATH. It needs no providers and no network, unlike `terraform validate`
 * (which needs `terraform init` to download providers). Without the binary the test is skipped; the
 * static checks of the other test/infra files still parse everything with @cdktf/hcl2json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", env });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasTerraform)("terraform fmt", () => {
  it("finds every .tf file under infra/ parsed and formatted", () => {
    const r = spawnSync("terraform", ["fmt", "-check", "-recursive", "-list=true", resolve("infra")], {
      env,
      encoding: "utf8",
    });
    expect(r.stderr.replace(/^\s+$/gm, "").trim(), "terraform fmt reported errors").toBe("");
    expect(r.stdout.trim(), "files terraform fmt would change (run `terraform fmt -recursive infra`)").toBe(
      "",
    );
    expect(r.status).toBe(0);
  });
});
