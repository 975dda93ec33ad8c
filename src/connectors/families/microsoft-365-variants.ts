/** The rules variants of Outlook Calendar and Outlook Mail: default, `_no-app-ids`, `_no-app-ids-no-groups`. */
import type { RulesVariant } from "../model.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";

export function outlookVariants(
  id: "outlook-cal" | "outlook-mail",
  build: (opts: { noAppIds: boolean; groups: boolean }) => ApiRulesDoc,
): RulesVariant[] {
  const folder = `microsoft-365/${id}`;
  return [
    {
      key: id,
      variant: "default",
      description:
        "Directory, mailbox settings and items; addresses pseudonymized, Entra object ids in clear.",
      isDefault: false,
      reference: [{ file: `${folder}/${id}.yaml`, selectedBy: `SOURCE=${id}, PSEUDONYMIZE_APP_IDS=false` }],
      build: () => build({ noAppIds: false, groups: true }),
    },
    {
      key: `${id}_no-app-ids`,
      variant: "no-app-ids",
      description: "As default, with object ids pseudonymized (users reversibly) and paging links tokenized.",
      isDefault: true,
      reference: [
        {
          file: `${folder}/${id}_no-app-ids.yaml`,
          selectedBy: `SOURCE=${id}, PSEUDONYMIZE_APP_IDS=true (Terraform default)`,
        },
      ],
      build: () => build({ noAppIds: true, groups: true }),
    },
    {
      key: `${id}_no-app-ids-no-groups`,
      variant: "no-groups",
      description:
        "As no-app-ids, without the group endpoints (no catalogue id selects it; set SOURCE to this key).",
      isDefault: false,
      reference: [
        {
          file: `${folder}/${id}_no-app-ids_no-groups.yaml`,
          selectedBy: `SOURCE=${id}_no-app-ids-no-groups`,
        },
      ],
      build: () => build({ noAppIds: true, groups: false }),
    },
  ];
}
