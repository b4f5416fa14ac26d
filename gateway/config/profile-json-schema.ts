// The JSON Schema of the profile format, for editor completion (partners/profile.schema.json).
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { profileSchema } from './profile-schema';

/** Where the exported schema lives, relative to the repository root. */
export const PROFILE_JSON_SCHEMA_PATH = 'partners/profile.schema.json';

/**
 * The profile JSON Schema, as written (input side: defaults optional). Draft-07 because that is the
 * draft yaml-language-server (VS Code's YAML extension) supports best. Cross-field rules (archive when
 * afterReceipt is move, unique ids, …) are not expressible here: `dockside partners check` has them.
 */
export function buildProfileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(profileSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'https://dockside.local/partners/profile.schema.json',
    title: 'Dockside partner profile',
    description: 'One trading partner. Generated from gateway/config/profile-schema.ts: do not edit by hand.',
    ...rest,
  };
}

/**
 * Write the schema file, formatted by Prettier so `prettier --check .` stays clean. Prettier is a dev
 * tool, loaded only here: this runs from the drift test (`UPDATE_SCHEMA=1 npm test -- profile-json-schema`).
 */
export async function writeProfileJsonSchema(file: string = PROFILE_JSON_SCHEMA_PATH): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  const text = await prettier.format(JSON.stringify(buildProfileJsonSchema(), null, 2), {
    ...options,
    filepath: file,
  });
  await writeFile(file, text);
}
