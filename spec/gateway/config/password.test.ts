import { loadProfiles } from '../../../gateway/config/load-profiles';
import {
  hashPassword,
  parsePasswordHash,
  SCRYPT_DEFAULTS,
  verifyPassword,
} from '../../../gateway/config/password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('acme-demo-password');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('acme-demo-password', hash)).resolves.toBe(true);
    await expect(verifyPassword('acme-demo-passwore', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats a malformed or out-of-range hash as no match, without throwing', async () => {
    await expect(verifyPassword('x', 'hunter2')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).resolves.toBe(
      false,
    );
    expect(parsePasswordHash('scrypt$1048576$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toBeDefined();
    expect(parsePasswordHash('scrypt$2097152$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toBeUndefined();
  });

  it('verifies the demo hash stored in partners/acme.yaml', async () => {
    const { profiles } = await loadProfiles('partners');
    const sftp = profiles.find((p) => p.id === 'acme')!.transports.find((t) => t.type === 'hosted-sftp');
    if (sftp?.type !== 'hosted-sftp' || !sftp.passwordHash)
      throw new Error('acme has no hosted-sftp password');
    await expect(verifyPassword('acme-demo-password', sftp.passwordHash)).resolves.toBe(true);
    expect(parsePasswordHash(sftp.passwordHash)?.N).toBe(SCRYPT_DEFAULTS.N);
  });
});
