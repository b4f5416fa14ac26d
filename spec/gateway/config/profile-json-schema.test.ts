import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  buildProfileJsonSchema,
  PROFILE_JSON_SCHEMA_PATH,
  writeProfileJsonSchema,
} from '../../../gateway/config/profile-json-schema';

describe('partners/profile.schema.json', () => {
  it('matches the zod schema (run UPDATE_SCHEMA=1 npm test -- profile-json-schema to regenerate)', async () => {
    if (process.env.UPDATE_SCHEMA === '1') await writeProfileJsonSchema();
    const onDisk: unknown = JSON.parse(readFileSync(PROFILE_JSON_SCHEMA_PATH, 'utf8'));
    expect(onDisk).toEqual(buildProfileJsonSchema());
  });

  it.each(['acme', 'northwind', 'summit'])(
    'accepts partners/%s.yaml and names the schema on its first line',
    (id) => {
      const text = readFileSync(`partners/${id}.yaml`, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./profile.schema.json');
      const validate = new Ajv({ strict: false, validateFormats: false }).compile(buildProfileJsonSchema());
      expect(validate(parse(text))).toBe(true);
    },
  );
});
