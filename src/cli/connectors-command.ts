/** `psoxy connectors list|show|rules`: the connector catalogue. */
import type { Command } from "commander";
import {
  connectorRules,
  getConnector,
  listConnectors,
  renderConnectorShow,
  renderConnectorsJson,
  renderConnectorsMarkdown,
  renderConnectorsText,
  variantRules,
} from "../connectors/index.js";

function parseSettings(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new Error(`--setting expects name=value, got "${v}"`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function unknownConnector(id: string): never {
  const ids = listConnectors().map((c) => c.id);
  const near = ids.filter((x) => x.includes(id) || id.includes(x));
  throw new Error(
    `unknown connector "${id}"${near.length ? `; did you mean ${near.join(", ")}?` : ""} (see \`psoxy connectors list\`)`,
  );
}

export function registerConnectorsCommand(program: Command): void {
  const connectors = program
    .command("connectors")
    .description("the connector catalogue: sources, their auth, secrets and built-in rules");

  connectors
    .command("list")
    .description(
      "list every catalogue connector (id, name, mode, availability, source kind, host, auth strategy)",
    )
    .option("--json", "print JSON")
    .option("--markdown", "print the README's Markdown table")
    .action((opts: { json?: boolean; markdown?: boolean }) => {
      const all = listConnectors();
      if (opts.json) process.stdout.write(renderConnectorsJson(all));
      else if (opts.markdown) process.stdout.write(renderConnectorsMarkdown(all));
      else process.stdout.write(renderConnectorsText(all));
    });

  connectors
    .command("show")
    .description(
      "what to set up for one connector: grants, secrets (full AWS / GCP names), settings, example calls",
    )
    .argument("<id>", "catalogue id (see `psoxy connectors list`)")
    .option("--env-id <name>", "deployment environment name (Terraform environment_name)", "psoxy")
    .option(
      "--aws-ssm-root-path <path>",
      "AWS SSM parameter root path (Terraform aws_ssm_param_root_path)",
      "",
    )
    .option(
      "--gcp-prefix <prefix>",
      "GCP secret prefix (Terraform config_parameter_prefix; default <env-id>_)",
    )
    .option(
      "-s, --setting <name=value>",
      "value for a connector setting, e.g. github_organization=acme",
      collect,
      [],
    )
    .option("--json", "print the spec as JSON")
    .action(
      (
        id: string,
        opts: {
          envId: string;
          awsSsmRootPath: string;
          gcpPrefix?: string;
          setting: string[];
          json?: boolean;
        },
      ) => {
        const c = getConnector(id) ?? unknownConnector(id);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          renderConnectorShow(c, {
            envId: opts.envId,
            awsSsmRootPath: opts.awsSsmRootPath,
            gcpConfigParameterPrefix: opts.gcpPrefix,
            settings: parseSettings(opts.setting),
          }),
        );
      },
    );

  connectors
    .command("rules")
    .description("print a connector's built-in rules YAML (the variant its deployment uses by default)")
    .argument("<id>", "catalogue id")
    .option(
      "--variant <key>",
      "another variant: its prebuilt key (e.g. gdirectory) or label (e.g. no-app-ids)",
    )
    .option("--no-pseudonymize-app-ids", "the variant chosen when PSEUDONYMIZE_APP_IDS=false")
    .action((id: string, opts: { variant?: string; pseudonymizeAppIds: boolean }) => {
      const c = getConnector(id) ?? unknownConnector(id);
      if (opts.variant !== undefined) {
        const yaml = variantRules(id, opts.variant);
        if (yaml === undefined) {
          const known = c.rules.map((r) => r.key ?? r.variant).join(", ");
          throw new Error(`connector ${id} has no rules variant "${opts.variant}" (variants: ${known})`);
        }
        process.stdout.write(yaml);
        return;
      }
      const r = connectorRules(id, { pseudonymizeAppIds: opts.pseudonymizeAppIds });
      if (!r) throw new Error(`connector ${id} has no built-in rules`);
      process.stdout.write(r.yaml);
    });
}
