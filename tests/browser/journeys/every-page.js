// Every page looks official and fits a phone (issue 13): the "official website"
// banner with the language link first in the tab order, the coloured masthead,
// a menu button that works without JavaScript, the current page marked, staff
// links in one row at 1280 px, and the footer's help, accessibility and privacy
// pages in both languages.
import assert from 'node:assert/strict';

import { DEMO_PASSWORD } from '../lib/harness.js';
import { nav, signIn, signOut } from '../lib/people.js';
import { pdf } from './applications.js';

const OFFICER = 'officer@demo.gerbang.example';
const CITIZEN = 'citizen@demo.gerbang.example';
const AUDITOR = 'auditor@demo.gerbang.example';
const BUSINESS = 'business@demo.gerbang.example';

export default [
  {
    name: 'every page: official banner, header size, menu, current page, footer pages',
    async run(v) {
      const { page } = v;
      await v.visit('/services');
      await page.getByText('An official website of the government of Kota Contoh').waitFor();
      const description = await page.locator('meta[name="description"]').getAttribute('content');
      assert.match(description, /^Public services of Kota Contoh online/);

      // The language link is the first thing after "Skip to main content".
      const firstLinks = await page.locator('a[href], button, summary').evaluateAll((els) => els.slice(0, 2).map((e) => e.textContent.trim()));
      assert.deepEqual(firstLinks, ['Skip to main content', 'Bahasa Indonesia']);

      const header = await page.locator('header').boundingBox();
      const { width, height } = page.viewportSize();
      if (width <= 400) {
        // Phones: the header takes at most a sixth of a 360 x 800 screen, and the
        // links are behind a Menu button (a <details>: no script needed).
        assert.ok(header.height <= 800 / 6, `header is ${header.height} px high at ${width} px`);
        const menu = page.locator('summary.gerbang-menu__button');
        assert.ok(await menu.isVisible(), 'a Menu button on a phone');
        assert.equal(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Agencies' }).isVisible(), false,
          'the links are folded away until the menu is opened');
        await menu.click();
        assert.ok(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Agencies' }).isVisible());
        await v.screenshot('menu open');
      } else {
        assert.equal(await page.locator('summary.gerbang-menu__button').isVisible(), false, 'no Menu button on a wide screen');
      }
      const current = (await nav(v)).locator('[aria-current="page"]');
      assert.equal(await current.innerText(), 'Services', 'the current section is marked');
      await v.screenshot('services with banner');

      // The footer's pages, with real content, in both languages.
      for (const [link, heading] of [['Help and contact', 'Help and contact'], ['Accessibility', 'Accessibility statement'], ['Privacy', 'Privacy notice']]) {
        await v.follow(page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }));
        assert.equal(await v.h1(), heading);
        assert.ok((await page.getByRole('main').innerText()).length > 1000, `${heading} has real content`);
      }
      await v.screenshot('privacy notice');
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      assert.equal(await v.h1(), 'Pemberitahuan privasi');
      await page.getByText('Situs web resmi Pemerintah Kota Contoh').waitFor();
      await v.follow(page.getByRole('link', { name: 'English' }));
    },
  },
  {
    name: 'every page: staff see their own links, in one row on a desktop',
    async run(v) {
      const { page } = v;
      await v.visit('/lang/id?next=/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      const links = (await nav(v)).getByRole('listitem');
      const names = (await links.allInnerTexts()).map((t) => t.trim());
      // The officer reads Indonesian (chosen before signing in).
      assert.deepEqual(names, ['Layanan', 'Layanan internal', 'Pengaduan', 'Ajukan di loket', 'Akun saya', 'Keluar'],
        'an officer sees the back office, complaints and the counter, not staff administration or payments');
      if (page.viewportSize().width >= 1280) {
        const tops = await links.evaluateAll((lis) => [...new Set(lis.map((li) => Math.round(li.getBoundingClientRect().top)))]);
        assert.equal(tops.length, 1, `the signed-in nav fits one row at 1280 px (rows at ${tops})`);
      }
      await v.follow((await nav(v)).getByRole('link', { name: 'Ajukan di loket' }));
      assert.equal(await v.h1(), 'Ajukan di loket');
      assert.equal(await (await nav(v)).locator('[aria-current="page"]').innerText(), 'Ajukan di loket');
      await v.screenshot('officer counter');

      // Filing for a citizen without an account: the receipt says what to tell them
      // (the reference, where to follow it, how the new account gets access).
      await v.follow(page.getByRole('link', { name: 'Perubahan Kartu Keluarga' }));
      const stamp = Date.now().toString(36);
      await page.getByLabel('Alamat email warga').fill(`warga.${stamp}.${v.mode.name.replace(/\W/g, '')}@example.id`);
      await page.getByLabel('Nama lengkap warga').fill('Warga Loket');
      await page.getByLabel('NIK kepala keluarga').fill('3372051203900001');
      await page.getByLabel('Nomor Kartu Keluarga').fill('3372051203900009');
      await page.getByLabel('Jenis perubahan').selectOption('change_details');
      await page.getByLabel('Uraian perubahan').fill('Pekerjaan dari pelajar menjadi karyawan swasta.');
      await page.getByLabel('Dokumen bukti perubahan').setInputFiles(pdf('surat-kerja.pdf', 'Surat keterangan kerja'));
      await page.getByLabel('Nomor telepon').fill('081234567890');
      // USWDS draws the box on the label: tick it there, as a person does.
      const declaration = page.getByLabel(/^Saya menyatakan bahwa data/);
      await page.locator(`label[for="${await declaration.getAttribute('id')}"]`).click();
      await v.follow(page.getByRole('button', { name: 'Kirim permohonan' }));
      assert.match(await v.path(), /^\/backoffice\/cases\/GRB-/);
      const receipt = await page.getByRole('status').innerText();
      assert.match(receipt, /Permohonan atas nama Warga Loket telah diajukan\. Berikan nomor GRB-\S+ kepadanya/);
      assert.match(receipt, /\/track/, 'where to follow it');
      assert.match(receipt, /Akun baru telah dibuat untuk warga\./, 'how the new account gets access');
      assert.doesNotMatch(receipt, /dikirim ke/, 'no email promised without a mail server');
      await v.screenshot('counter receipt');
      // Another agency's service: refused before anything is typed.
      await v.visit('/services/vehicle-route-permit/apply', { status: 403 });
      await page.getByText('untuk instansi tempat Anda bertugas sebagai petugas').waitFor();
      await signOut(v);
    },
  },
  {
    name: 'transparency: the audit log page and a citizen\'s "My data", in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/transparency');
      assert.equal(await v.h1(), 'Audit transparency log');
      await page.getByRole('heading', { name: 'Latest signed tree heads' }).waitFor();
      await v.screenshot('audit log');
      await v.visit('/lang/id?next=/transparency');
      assert.equal(await v.h1(), 'Log transparansi audit');
      await v.visit('/lang/en?next=/login');
      await signIn(v, CITIZEN, DEMO_PASSWORD);
      await v.visit('/account');
      await v.follow(page.getByRole('link', { name: 'My data: who looked at it, and a copy of all of it' }));
      assert.equal(await v.h1(), 'My data');
      await page.getByRole('heading', { name: 'Who looked at my data' }).waitFor();
      await v.screenshot('my data');
      await v.visit('/lang/id?next=/account/my-data');
      assert.equal(await v.h1(), 'Data saya');
      await v.screenshot('my data id');
      await v.visit('/lang/en?next=/account');
      await signOut(v);
    },
  },
  {
    name: 'the back office: team workload for officers, the full audit log for an auditor, in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      await v.visit('/backoffice');
      await v.follow(page.getByRole('link', { name: 'Team workload' }));
      assert.equal(await v.h1(), 'Team workload');
      await page.getByRole('heading', { name: 'Throughput by week' }).first().waitFor();
      await page.locator('svg.gerbang-chart title').first().waitFor({ state: 'attached' });
      await v.screenshot('team workload');
      await v.visit('/lang/id?next=/backoffice/workload');
      assert.equal(await v.h1(), 'Beban kerja tim');
      await v.screenshot('team workload id');
      await v.visit('/lang/en?next=/backoffice');
      await signOut(v);

      await v.visit('/login');
      await signIn(v, AUDITOR, DEMO_PASSWORD);
      await v.follow((await nav(v)).getByRole('link', { name: 'Full audit log' }));
      assert.equal(await v.h1(), 'Audit log: full entries');
      await page.getByText('Your reading of this page is itself recorded in the log.').waitFor();
      await v.screenshot('auditor log');
      await page.getByLabel('Action', { exact: true }).fill('application.');
      await page.locator('label[for="flagged"]').click();
      await v.follow(page.getByRole('button', { name: 'Show entries' }));
      assert.equal(await page.locator('#flagged').isChecked(), true, 'the filter is kept');
      await v.screenshot('auditor flagged');
      await v.visit('/lang/id?next=/backoffice/audit-log');
      assert.equal(await v.h1(), 'Log audit: entri lengkap');
      await v.screenshot('auditor log id');
      await v.visit('/lang/en?next=/');
      await signOut(v);
    },
  },
  {
    name: 'webhooks: a business adds an endpoint, keeps the secret shown once, reads its deliveries, in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      await signIn(v, BUSINESS, DEMO_PASSWORD);
      await v.visit('/account');
      await v.follow(page.getByRole('link', { name: 'Webhooks: tell your own system when your applications change' }));
      assert.equal(await v.h1(), 'Webhooks');
      // Nothing ticked: refused with the reason, the address kept.
      await page.getByLabel('Address').fill('https://erp.maju-jaya.example/hooks/gerbang');
      for (const box of await page.locator('input[name="event"]').all()) {
        if (await box.isChecked()) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
      }
      await v.follow(page.getByRole('button', { name: 'Add endpoint' }), { status: 422 });
      await page.getByText('Choose at least one event to hear about').first().waitFor();
      assert.equal(await page.getByLabel('Address').inputValue(), 'https://erp.maju-jaya.example/hooks/gerbang');
      await v.screenshot('webhooks refused');
      await page.locator('label[for="event-1"]').click();
      await v.follow(page.getByRole('button', { name: 'Add endpoint' }));
      assert.match(await page.locator('#new-secret').inputValue(), /^whsec_/);
      await v.screenshot('webhooks secret once');
      await v.follow(page.getByRole('link', { name: 'See the new endpoint and its messages' }));
      assert.equal(await v.h1(), 'Webhook endpoint');
      await v.screenshot('webhook endpoint');
      await v.visit('/lang/id?next=/account/webhooks');
      assert.equal(await v.h1(), 'Webhook');
      await v.screenshot('webhooks id');
      await v.visit('/lang/en?next=/');
      await signOut(v);
    },
  },
  {
    name: 'performance, maturity and open data: the public figures in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/performance');
      assert.equal(await v.h1(), 'Performance: Kota Contoh');
      // The chart carries its own title; the same numbers are in the table beside it.
      await page.locator('svg.gerbang-chart title').waitFor({ state: 'attached' });
      await v.screenshot('performance platform');
      await v.visit('/performance?agency=civil-registry');
      assert.match(await v.h1(), /^Performance: /);
      await page.getByRole('heading', { name: 'Month by month' }).waitFor();
      await v.screenshot('performance agency');
      await v.visit('/performance?service=birth-certificate&months=24');
      await v.screenshot('performance service 24 months');
      await v.visit('/performance?agency=civil-registry&months=6&by=week');
      await page.getByRole('heading', { name: 'Week by week' }).waitFor();
      await v.screenshot('performance agency by week');
      await v.visit('/maturity');
      assert.equal(await v.h1(), 'Digital maturity');
      await v.screenshot('maturity compared');
      await v.follow(page.getByRole('link', { name: 'Population and Civil Registration Office of Contoh City' }));
      assert.match(await v.h1(), /^Digital maturity: /);
      await v.screenshot('maturity agency');
      await v.visit('/open-data');
      assert.equal(await v.h1(), 'Open data');
      await v.visit('/services/birth-certificate');
      await page.getByRole('heading', { name: 'The rest of the service standard' }).waitFor();
      await v.screenshot('service standard');
      await v.visit('/lang/id?next=/performance%3Fagency%3Dcivil-registry');
      assert.match(await v.h1(), /^Kinerja: /);
      await v.screenshot('performance agency id');
      await v.visit('/lang/id?next=/maturity');
      assert.equal(await v.h1(), 'Kematangan digital');
      await v.visit('/lang/id?next=/open-data');
      assert.equal(await v.h1(), 'Data terbuka');
      await v.visit('/lang/en?next=/');
    },
  },
];
