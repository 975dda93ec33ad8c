/**
 * Environment check of the test tool (infra spec 11.2): notes printed before a run about the Node.js
 * version. The reference warns that Node 21 prints a harmless deprecation notice caused by a Google
 * client library; the same holds for the other odd-numbered (non-LTS) releases. Below Node 20, which
 * this package needs, the run is likely to fail, so that is said first.
 */
export const MIN_NODE_MAJOR = 20;

/** Notes for this Node.js version (e.g. "20.11.1"); none when there is nothing to say. */
export function environmentNotes(nodeVersion: string = process.versions.node): string[] {
  const major = Number(nodeVersion.split(".")[0]);
  if (!Number.isInteger(major)) return [];
  if (major < MIN_NODE_MAJOR)
    return [
      `Warning: Node.js ${nodeVersion} is too old for psoxy (it needs ${MIN_NODE_MAJOR} or later); install a current LTS release.`,
    ];
  if (major % 2 === 1)
    return [
      `Note: Node.js ${major} is not an LTS release: it may print deprecation warnings from the Google ` +
        "client libraries this tool uses. They do not affect the test.",
    ];
  return [];
}
