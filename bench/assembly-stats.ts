import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

/** Size figures of a synthesized cloud assembly, nested stack templates included. */
export interface AssemblyStats {
  /** Templates in the assembly: top-level and nested stacks. */
  readonly stacks: number;
  /** The most resources in any one template (CloudFormation's limit is 500). */
  readonly maxResourcesPerStack: number;
  /** The size of the largest template in bytes (CloudFormation's limit is 1 MB). */
  readonly templateBytes: number;
}

/** Reads every `*.template.json` of an assembly folder. */
export function assemblyStats(dir: string): AssemblyStats {
  const templates = readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  let maxResourcesPerStack = 0;
  let templateBytes = 0;
  for (const file of templates) {
    const full = path.join(dir, file);
    const resources = Object.keys(JSON.parse(readFileSync(full, 'utf8')).Resources ?? {}).length;
    maxResourcesPerStack = Math.max(maxResourcesPerStack, resources);
    templateBytes = Math.max(templateBytes, statSync(full).size);
  }
  return { stacks: templates.length, maxResourcesPerStack, templateBytes };
}
