// Journeys 1-3 and 6: the public catalogue, in both languages, search, 404.
import assert from 'node:assert/strict';

import { nav } from '../lib/people.js';

export default [
  {
    name: 'browse the catalogue in English',
    async run(v) {
      const { page } = v;
      await v.visit('/');
      assert.equal(await v.lang(), 'en');
      assert.equal(await v.h1(), 'Public services');

      await v.follow((await nav(v)).getByRole('link', { name: 'Services', exact: true }));
      assert.equal(await v.path(), '/services');
      assert.equal(await v.h1(), 'All services');
      assert.match(await page.getByRole('status').innerText(), /^\d+ services$/);

      await v.follow(page.getByRole('link', { name: 'Birth certificate', exact: true }));
      assert.equal(await v.path(), '/services/birth-certificate');
      assert.equal(await v.h1(), 'Birth certificate');
      await page.getByRole('heading', { name: 'What you need' }).waitFor();

      const agency = 'Population and Civil Registration Office of Contoh City';
      await v.follow(page.getByRole('region', { name: /facts/i }).getByRole('link', { name: agency }));
      assert.equal(await v.path(), '/agencies/civil-registry');
      assert.equal(await v.h1(), agency);
      await page.getByRole('link', { name: 'Birth certificate', exact: true }).waitFor();

      await v.follow((await nav(v)).getByRole('link', { name: 'Agencies', exact: true }));
      assert.equal(await v.path(), '/agencies');
      assert.equal(await v.h1(), 'Agencies');
      await v.follow(page.getByRole('link', { name: /^Investment and One-Stop/ }));
      assert.equal(await v.path(), '/agencies/licensing-office');
      await v.follow(page.getByRole('link', { name: 'Building approval (PBG)' }));
      assert.equal(await v.path(), '/services/building-approval');
    },
  },

  {
    name: 'browse the catalogue in Indonesian',
    async run(v) {
      const { page } = v;
      await v.visit('/');
      assert.equal(await v.lang(), 'en');
      await v.follow(page.getByRole('link', { name: 'Bahasa Indonesia' }));
      assert.equal(await v.path(), '/');
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.h1(), 'Layanan publik');
      await page.getByRole('heading', { name: 'Instansi', exact: true }).waitFor();

      await v.follow((await nav(v)).getByRole('link', { name: 'Layanan', exact: true }));
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.h1(), 'Semua layanan');
      assert.match(await page.getByRole('status').innerText(), /^\d+ layanan$/);

      await v.follow(page.getByRole('link', { name: 'Akta Kelahiran', exact: true }));
      assert.equal(await v.path(), '/services/birth-certificate');
      assert.equal(await v.h1(), 'Akta Kelahiran');
      await page.getByRole('heading', { name: 'Persyaratan' }).waitFor();

      const agency = 'Dinas Kependudukan dan Pencatatan Sipil Kota Contoh';
      await v.follow(page.locator('.gerbang-meta').getByRole('link', { name: agency }));
      assert.equal(await v.path(), '/agencies/civil-registry');
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.h1(), agency);

      // The language stays for the session, and the switch takes us back.
      await v.visit('/agencies');
      assert.equal(await v.lang(), 'id');
      assert.equal(await v.h1(), 'Instansi');
      await v.follow(page.getByRole('link', { name: 'English' }));
      assert.equal(await v.path(), '/agencies');
      assert.equal(await v.lang(), 'en');
      assert.equal(await v.h1(), 'Agencies');
    },
  },

  {
    name: 'search',
    async run(v) {
      const { page } = v;
      await v.visit('/');
      // Indonesian words find the service from the English interface.
      await page.getByRole('searchbox', { name: 'Search services' }).fill('akta kelahiran');
      await v.follow(page.getByRole('search').getByRole('button', { name: 'Search' }));
      assert.equal(await v.path(), '/services');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'akta kelahiran');
      assert.match(await page.getByRole('status').innerText(), /^(One service matches|\d+ services match) your search$/);
      await page.getByRole('link', { name: 'Birth certificate', exact: true }).waitFor();
      assert.equal(await page.getByRole('searchbox', { name: 'Search services' }).inputValue(), 'akta kelahiran');

      // Nonsense: the no-result message.
      await page.getByRole('searchbox', { name: 'Search services' }).fill('xqzvw plorf');
      await v.follow(page.getByRole('search').getByRole('button', { name: 'Search' }));
      assert.equal(await page.getByRole('status').innerText(), 'No services match your search');
      await page.getByText('Try other words, in English or Indonesian, or browse the agencies.').waitFor();
      assert.equal(await page.locator('main .usa-collection').count(), 0);

      // The audience filter, from the home page's cards.
      await v.visit('/');
      await v.follow(page.getByRole('link', { name: 'Businesses', exact: true }));
      assert.equal(new URL(page.url()).searchParams.get('audience'), 'business');
      await page.getByRole('link', { name: 'Building approval (PBG)' }).waitFor();
      assert.equal(await page.getByRole('combobox', { name: 'Who is it for?' }).inputValue(), 'business');
    },
  },

  {
    name: 'page not found',
    async run(v) {
      const { page } = v;
      await v.visit('/no-such-page', { status: 404 });
      assert.equal(await v.h1(), 'Page not found');
      await v.visit('/services/no-such-service', { status: 404 });
      assert.equal(await v.h1(), 'Page not found');
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Go to the home page' }));
      assert.equal(await v.path(), '/');
    },
  },
];
