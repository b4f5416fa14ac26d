// The web console in a real headless Chromium against a real gateway (PGlite, hosted SFTP,
// drop zones, the file ERP connector): a shipment CSV from the 3PL's drop zone is rejected
// because its unit code is missing from the partner's cross-reference table, and a 850 from
// the retailer over SFTP is rejected for a bad unit code; ops sees the error count on the
// dashboard, reads both errors explained on the file pages with the failing rows highlighted,
// fixes the profile on disk, clicks Reprocess and watches the event get posted. Then: partner
// HTML shown as text, viewers see no operator buttons and are refused, CSRF, logout, rate limit.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startGateway, type Gateway } from '../../../gateway/runtime/gateway';
import { readSettings } from '../../../gateway/runtime/settings';
import type { FileRecord } from '../../../gateway/store';
import { preparePgliteHome } from '../store/support/backends';
import { artifact, CHROMIUM, ensureChromium, sftpPut, waitFor } from './support/browser';

const ROOT = join(__dirname, '..', '..', '..');
const TOKENS = {
  admin: 'admin-token-for-web-tests-0001',
  operator: 'operator-token-for-web-tests-02',
  viewer: 'viewer-token-for-web-tests-0003',
};
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

const SKIP_REASON = ensureChromium();
if (SKIP_REASON) console.warn(`web console browser tests SKIPPED: ${SKIP_REASON}`);
const maybe = SKIP_REASON ? it.skip : it;

jest.setTimeout(120_000);

/** The fixture's first shipment, with the last carton's unit changed to one Northwind's table lacks. */
function shipmentCsv(uom: string, shipToName = 'Harbor Home Goods #412'): string {
  const lines = readFileSync(join(ROOT, 'spec', 'fixtures', 'csv', 'northwind-shipments.csv'), 'utf8').split(
    '\n',
  );
  return (
    [lines[0], lines[1], lines[2], lines[3].replace(/,2,CASE$/, `,2,${csvField(uom)}`)]
      .map((l) => l.replace('"Harbor Home Goods #412"', csvField(shipToName)))
      .join('\n') + '\n'
  );
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A 850 from Acme; `po1` and `n1` are put in as given. */
function purchaseOrder(control: string, po1: string, n1 = 'N1*ST*Acme Store 12*92*0012~\n'): string {
  const isa13 = control.padStart(9, '0');
  return (
    `ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*DOCKSIDEDIST   *261124*0900*U*00401*${isa13}*0*P*:~\n` +
    `GS*PO*ACMERETAIL*DOCKSIDEDIST*20261124*0900*${control}*X*004010~\n` +
    `ST*850*0001~\nBEG*00*SA*PO-${control}**20261124~\n${n1}${po1}\nCTT*1~\nSE*6*0001~\n` +
    `GE*1*${control}~\nIEA*1*${isa13}~\n`
  );
}

describe('web console in headless Chromium', () => {
  let gateway: Gateway;
  let home: string;
  let partnersDir: string;
  let base: string;
  let browser: Browser;
  let operator: BrowserContext;
  let page: Page;
  const files: Record<string, FileRecord> = {};

  beforeAll(async () => {
    if (SKIP_REASON) return;
    home = mkdtempSync(join(tmpdir(), 'dockside-web-'));
    partnersDir = join(home, 'partners');
    cpSync(join(ROOT, 'partners'), partnersDir, { recursive: true });
    await preparePgliteHome(home);
    gateway = await startGateway(
      readSettings({
        DOCKSIDE_HOME: home,
        DOCKSIDE_PARTNERS: partnersDir,
        DOCKSIDE_SFTP_PORT: '0',
        DOCKSIDE_HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
        DOCKSIDE_ADMIN_TOKEN: TOKENS.admin,
        DOCKSIDE_OPERATOR_TOKEN: TOKENS.operator,
        DOCKSIDE_VIEWER_TOKEN: TOKENS.viewer,
      }),
      pino({ level: 'silent' }),
    );
    base = `http://127.0.0.1:${gateway.httpPort}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    operator = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await operator.newPage();
  });

  afterAll(async () => {
    if (SKIP_REASON) return;
    await browser?.close();
    await gateway?.stop();
  });

  /** Wait until the partner's file named `name` is translated (any end state) and return it. */
  async function settled(partnerId: string, name: string): Promise<FileRecord> {
    return waitFor(`${name} to be translated`, async () => {
      const found = (await gateway.store.listFiles({ partnerId })).find((f) => f.name === name);
      return found && ['translated', 'rejected', 'failed'].includes(found.state) ? found : undefined;
    });
  }

  async function login(p: Page, token: string): Promise<void> {
    await p.goto(`${base}/login`);
    await p.fill('#token', token);
    await Promise.all([
      p.waitForURL((u) => !u.pathname.startsWith('/login')),
      p.click('button[type=submit]'),
    ]);
  }

  /** POST a form as a browser would, with the session cookie. */
  function post(path: string, token: string | undefined, fields: Record<string, string>, origin = base) {
    return fetch(`${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin,
        ...(token && { cookie: `dockside_token=${token}` }),
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  maybe('without a session every page goes to /login', async () => {
    for (const path of ['/', '/files', '/events', '/dead-letters', '/files/x']) {
      const res = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    // A post without a session changes nothing and goes to the login page too.
    const res = await post('/dead-letters/replay', undefined, { all: 'true' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login/);

    await page.goto(`${base}/files`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#token', 'not-a-token-of-this-gateway');
    await page.click('button[type=submit]');
    await expect(page.locator('.flash.error').innerText()).resolves.toContain('Unknown token');
    await page.screenshot({ path: artifact('login.png'), fullPage: true });
  });

  maybe(
    'a rejected file: error count, highlighted row, explanation, profile fix, reprocess, posted',
    async () => {
      // Northwind's WMS writes BOX, which its cross-reference table does not know yet.
      writeFileSync(join(home, 'dropzones', 'northwind', 'inbound', 'SHP_BOX.csv'), shipmentCsv('BOX'));
      // Acme sends a 850 whose PO1 unit code (PO103) is not an X12 unit.
      await sftpPut(
        gateway.sftpPort,
        'acme',
        'acme-demo-password',
        'inbound/po-901.x12',
        purchaseOrder('901', 'PO1*1*2*ZZZ*9.99**VN*SKU-1~'),
      );
      files.csv = await settled('northwind', 'SHP_BOX.csv');
      files.x12 = await settled('acme', 'po-901.x12');
      expect(files.csv.state).toBe('rejected');
      expect(files.x12.state).toBe('rejected');

      await login(page, TOKENS.operator);
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.locator('header .role').innerText()).resolves.toBe('operator');
      await expect(page.locator('[data-count="errors-24h"]').innerText()).resolves.toBe('2');
      await expect(page.locator('[data-count="rejected-today"]').innerText()).resolves.toBe('2');
      await expect(
        page.locator('tr[data-partner="northwind"] td[data-col="errors"]').innerText(),
      ).resolves.toBe('1');
      await page.screenshot({ path: artifact('dashboard.png'), fullPage: true });

      // The file list, filtered to Northwind.
      await page.click('header nav >> text=Files');
      await page.selectOption('select[name=partner]', 'northwind');
      await Promise.all([
        page.waitForURL(/partner=northwind/),
        page.click('form.filters button[type=submit]'),
      ]);
      await expect(page.locator('#files tbody tr').count()).resolves.toBe(1);
      await page.screenshot({ path: artifact('files.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/files\/[^?]+$/), page.click('#files >> text=SHP_BOX.csv')]);

      // The failing CSV line is highlighted and the error said in words, with the fix.
      const bad = page.locator('#raw-table tr.bad');
      await expect(bad.count()).resolves.toBe(1);
      await expect(bad.getAttribute('id')).resolves.toBe('line-4');
      await expect(bad.innerText()).resolves.toContain(',2,BOX');
      const explained = await page.locator('ol.errors li').innerText();
      expect(explained).toContain(
        'Line 4, column "UOM" (field orders.packages.lines.unitOfMeasure): "BOX" has no entry in cross-reference table "units"',
      );
      expect(explained).toContain('Expected: one of the codes in crossReference.units: EACH, EA, CASE');
      expect(explained).toContain('add it to crossReference.units in the partner profile');
      await page.screenshot({ path: artifact('file-rejected-csv.png'), fullPage: true });

      // Ops fixes the profile on disk; the gateway reloads it. Reprocess until the reload is seen.
      const profilePath = join(partnersDir, 'northwind.yaml');
      writeFileSync(
        profilePath,
        readFileSync(profilePath, 'utf8').replace('units: { EACH: EA,', 'units: { BOX: BX, EACH: EA,'),
      );
      await waitFor('the reprocessed file to be translated', async () => {
        await Promise.all([page.waitForURL(/\/files\//), page.click('button[data-action="reprocess"]')]);
        const flash = await page.locator('.flash').innerText();
        if (flash.includes('the file is translated')) return true;
        expect(flash).toContain('the file is rejected');
        await new Promise((r) => setTimeout(r, 300));
        return false;
      });
      await expect(page.locator('.flash.ok').innerText()).resolves.toContain('1 event(s) queued');
      await expect(page.locator('#file-state').innerText()).resolves.toBe('translated');
      await expect(page.locator('#raw-table tr.bad').count()).resolves.toBe(0);

      // The file connector posts it: refresh until the event shows posted.
      await waitFor('the event to be posted', async () => {
        await page.reload();
        return (await page.locator('#event-table .event-state').innerText()) === 'posted';
      });
      await page.screenshot({ path: artifact('file-posted.png'), fullPage: true });
      const eventId = await page.locator('#event-table tr[data-event]').getAttribute('data-event');
      const posted = readFileSync(join(home, 'erp', 'events.jsonl'), 'utf8');
      expect(posted).toContain(`"id":"${eventId}"`);
      // The reprocess is in the audit trail with the operator as actor.
      await expect(page.locator('#audit-table').innerText()).resolves.toMatch(
        /operator-token\s+file\.reprocess/,
      );
    },
  );

  maybe('the rejected 850: its segment highlighted and the error explained in X12 words', async () => {
    await page.goto(`${base}/files?partner=acme`);
    await Promise.all([page.waitForURL(/\/files\/[^?]+$/), page.click('#files >> text=po-901.x12')]);
    const bad = page.locator('#raw-table tr.bad');
    await expect(bad.count()).resolves.toBe(1);
    // ISA, GS, ST, BEG, N1, PO1: the sixth segment of the file, the fourth of the set.
    await expect(bad.getAttribute('id')).resolves.toBe('seg-6');
    await expect(bad.locator('td.seg').innerText()).resolves.toMatch(/^PO1\*1\*2\*ZZZ\*9\.99\*\*VN\*SKU-1~/);
    const explain = await page.locator('ol.errors li .explain').innerText();
    expect(explain).toBe(
      "Segment 4 of transaction set 0001 (PO1 Baseline Item Data), element 3 (Unit or Basis for Measurement Code, data element 355): 'ZZZ' is not one of the allowed codes.",
    );
    await expect(page.locator('ol.errors li').innerText()).resolves.toContain('acknowledged as AK403=7');
    await page.click('ol.errors li a[href="#seg-6"]');
    expect(new URL(page.url()).hash).toBe('#seg-6');
    await page.screenshot({ path: artifact('file-rejected-x12.png'), fullPage: true });
  });

  maybe('events and dead letters pages', async () => {
    await page.goto(`${base}/events`);
    await expect(page.locator('#events tbody tr[data-event]').count()).resolves.toBe(1);
    await expect(page.locator('#events').innerText()).resolves.toContain('shipment.confirmed');
    await page.screenshot({ path: artifact('events.png'), fullPage: true });
    await page.click('#events tr[data-event] td:nth-child(2) a');
    await expect(page.locator('#payload').innerText()).resolves.toContain('NW-SH-2611240017');
    await page.screenshot({ path: artifact('event.png'), fullPage: true });
    await page.goto(`${base}/dead-letters`);
    await expect(page.locator('#events').innerText()).resolves.toContain('No events match.');
    await page.screenshot({ path: artifact('dead-letters.png'), fullPage: true });
  });

  maybe('partner content with HTML is shown as text, never run', async () => {
    // The name is too long for N102 (60), so the set is rejected and the value is echoed in the error too.
    await sftpPut(
      gateway.sftpPort,
      'acme',
      'acme-demo-password',
      'inbound/po-902.x12',
      purchaseOrder('902', 'PO1*1*2*EA*9.99**VN*SKU-1~', `N1*ST*${XSS}~\n`),
    );
    const csvName = 'SHP_<img src=x onerror=window.__xss=3>.csv';
    writeFileSync(join(home, 'dropzones', 'northwind', 'inbound', csvName), shipmentCsv(XSS, XSS));
    const x12 = await settled('acme', 'po-902.x12');
    const csv = await settled('northwind', csvName);
    for (const path of ['/', '/files', `/files/${x12.id}`, `/files/${csv.id}`, '/events']) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await expect(page.locator('img').count()).resolves.toBe(0);
      await expect(page.locator('script').count()).resolves.toBe(0);
      if (path.startsWith('/files/')) {
        const isX12 = path === `/files/${x12.id}`;
        // The raw view shows the bytes as they came (CSV-quoted in the CSV).
        await expect(page.locator('#raw-table').innerText()).resolves.toContain(isX12 ? XSS : csvField(XSS));
        // Echoed in the error explanation too: N102 too long; the unit (upper-cased by the
        // mapping) missing from the cross-reference table.
        const echoed = isX12 ? XSS : XSS.toUpperCase();
        await expect(page.locator('ol.errors').innerText()).resolves.toContain(echoed);
        await page.screenshot({ path: artifact(`xss-${isX12 ? 'x12' : 'csv'}.png`), fullPage: true });
      }
    }
    await page.goto(`${base}/files`);
    await expect(page.locator('#files').innerText()).resolves.toContain(csvName);
  });

  maybe('a viewer sees no operator buttons, and a forged post is refused with 403', async () => {
    const viewer = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const vpage = await viewer.newPage();
    await login(vpage, TOKENS.viewer);
    await expect(vpage.locator('header .role').innerText()).resolves.toBe('viewer');
    await vpage.goto(`${base}/files/${files.x12.id}`);
    await expect(vpage.locator('button[data-action="reprocess"]').count()).resolves.toBe(0);
    await vpage.goto(`${base}/files/${files.csv.id}`);
    await expect(vpage.locator('button[data-action="replay"]').count()).resolves.toBe(0);
    await expect(vpage.locator('#event-table tr[data-event]').count()).resolves.toBe(1);
    await vpage.screenshot({ path: artifact('viewer-file.png'), fullPage: true });

    // The viewer's own CSRF token (from the logout form) does not make it an operator.
    const csrf = (await vpage.locator('header form input[name=_csrf]').getAttribute('value')) as string;
    const forged = await post(`/files/${files.x12.id}/reprocess`, TOKENS.viewer, { _csrf: csrf });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('DS_API_FORBIDDEN');
    const replay = await post('/dead-letters/replay', TOKENS.viewer, { _csrf: csrf, all: 'true' });
    expect(replay.status).toBe(403);
    const audit = await gateway.store.listAudit(`file:${files.x12.id}`);
    expect(audit[0]).toMatchObject({
      actor: 'viewer-token',
      action: 'file.reprocess',
      details: { outcome: 'forbidden' },
    });
    await viewer.close();
  });

  maybe('an admin pauses and resumes an ERP connector from the dashboard; an operator cannot', async () => {
    // The operator sees the connector and its state, but no button (the API asks for admin too).
    await page.goto(`${base}/`);
    const row = (p: Page) => p.locator('#connectors tr[data-connector="default"]');
    await expect(row(page).locator('[data-state]').innerText()).resolves.toBe('running');
    await expect(row(page).locator('button').count()).resolves.toBe(0);
    const csrf = (await page.locator('header form input[name=_csrf]').getAttribute('value')) as string;
    expect((await post('/connectors/default/pause', TOKENS.operator, { _csrf: csrf })).status).toBe(403);

    const admin = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const apage = await admin.newPage();
    await login(apage, TOKENS.admin);
    await Promise.all([apage.waitForURL(`${base}/`), apage.click('button[data-action="pause-connector"]')]);
    await expect(apage.locator('.flash.ok').innerText()).resolves.toContain('Connector default is paused');
    await expect(row(apage).locator('[data-state]').innerText()).resolves.toBe('paused');
    await expect(row(apage).innerText()).resolves.toContain('paused by admin-token');
    expect(await gateway.store.queries.connectorStates()).toEqual([
      expect.objectContaining({ name: 'default', paused: true, changedBy: 'admin-token' }),
    ]);
    await apage.screenshot({ path: artifact('connector-paused.png'), fullPage: true });
    await Promise.all([apage.waitForURL(`${base}/`), apage.click('button[data-action="resume-connector"]')]);
    await expect(row(apage).locator('[data-state]').innerText()).resolves.toBe('running');
    const audit = await gateway.store.listAudit('connector:default');
    expect(audit.map((a) => [a.action, a.actor, a.details.outcome])).toEqual([
      ['connector.resume', 'admin-token', 'ok'],
      ['connector.pause', 'admin-token', 'ok'],
      ['connector.pause', 'operator-token', 'forbidden'],
    ]);
    await admin.close();
  });

  maybe('forms without the session CSRF token or from another origin are refused', async () => {
    const before = await gateway.store.listAudit(`file:${files.x12.id}`);
    const noToken = await post(`/files/${files.x12.id}/reprocess`, TOKENS.operator, {});
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('DS_WEB_CSRF_REJECTED');
    const csrf = (await page.locator('header form input[name=_csrf]').getAttribute('value')) as string;
    const crossSite = await post(
      `/files/${files.x12.id}/reprocess`,
      TOKENS.operator,
      { _csrf: csrf },
      'http://evil.example',
    );
    expect(crossSite.status).toBe(403);
    // Another session's token is not this one's.
    const wrong = await post(`/files/${files.x12.id}/reprocess`, TOKENS.admin, { _csrf: csrf });
    expect(wrong.status).toBe(403);
    expect(await gateway.store.listAudit(`file:${files.x12.id}`)).toHaveLength(before.length);
    // The real form works.
    const ok = await post(`/files/${files.x12.id}/reprocess`, TOKENS.operator, { _csrf: csrf });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/files/${files.x12.id}`);
  });

  maybe('logout ends the session', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/\/login/), page.click('header button:has-text("Log out")')]);
    await expect(page.locator('.flash.ok').innerText()).resolves.toContain('signed out');
    const cookies = await operator.cookies(base);
    expect(cookies.find((c) => c.name === 'dockside_token')).toBeUndefined();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  maybe('failed logins are rate limited like the API', async () => {
    const attempt = () =>
      fetch(`${base}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: new URLSearchParams({ token: 'wrong-token-wrong-token' }).toString(),
      });
    let last = await attempt();
    for (let i = 0; i < 12 && last.status !== 429; i++) last = await attempt();
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right token is refused too while the address is blocked, and so is the API.
    const blocked = await fetch(`${base}/api/v1/stats`, {
      headers: { authorization: `Bearer ${TOKENS.admin}` },
    });
    expect(blocked.status).toBe(429);
    expect(existsSync(artifact('dashboard.png'))).toBe(true);
  });
});
