import { readFileSync } from 'node:fs';
import { CONFIG_ERROR_CODES } from '../../../gateway/config/error-codes';

describe('DS_CONFIG error codes', () => {
  const readme = readFileSync('partners/README.md', 'utf8');

  it.each(Object.keys(CONFIG_ERROR_CODES))('%s has a row in partners/README.md', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
