import { resolveDataPath } from '../../../gateway/config/data-paths';

describe('resolveDataPath', () => {
  it('puts relative profile paths under the data folder and keeps absolute ones', () => {
    expect(resolveDataPath('/srv/dockside/data', 'dropzones/northwind/inbound')).toBe(
      '/srv/dockside/data/dropzones/northwind/inbound',
    );
    expect(resolveDataPath('/srv/dockside/data', '/mnt/edi/inbound/')).toBe('/mnt/edi/inbound/');
  });
});
