// Once-only (issue 12): a citizen lets the sub-district ask the civil registry for her
// family card instead of uploading it, and finds the call on "My data"; two agencies'
// administrators each approve their side of an access agreement.
import assert from 'node:assert/strict';

import { DEMO_PASSWORD } from '../lib/harness.js';
import { nav, signIn, signOut } from '../lib/people.js';
import { pdf } from './applications.js';

const CITIZEN = 'citizen@demo.gerbang.example';
const HEALTH_ADMIN = 'health-admin@demo.gerbang.example';
const LICENSING_ADMIN = 'licensing-admin@demo.gerbang.example';
const CONSENT = 'Ask the civil registry for my family card instead of uploading it';

async function fillDomicile(page) {
  await page.getByLabel('Your national identity number (NIK)').fill('3374055202950003');
  await page.getByLabel('Full name').fill('Siti Rahayu');
  await page.getByLabel('Urban village (kelurahan)').selectOption('sukamaju');
  await page.getByLabel('Address where you live').fill('Jl. Melati No. 7, RT 002/RW 005');
  const since = page.getByRole('group', { name: 'Living at this address since' });
  await since.getByLabel('Day').fill('1');
  await since.getByLabel('Month').fill('3');
  await since.getByLabel('Year').fill('2020');
  await page.getByLabel('What the certificate is for').selectOption('bank');
  await page.getByLabel('Covering letter from the RT and RW').setInputFiles(pdf('pengantar.pdf', 'Surat pengantar RT/RW'));
  await page.getByLabel('Scan of your identity card (KTP-el)').setInputFiles(pdf('ktp.pdf', 'KTP-el'));
  await page.getByLabel('Phone number').fill('081234567890');
}

export default [
  {
    name: 'once-only: the civil registry is asked for the family card with consent, and the call shows on My data',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      await signIn(v, CITIZEN, DEMO_PASSWORD);
      await v.visit('/services/certificate-of-domicile');
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Apply online' }));
      assert.equal(await v.h1(), 'Apply: Certificate of domicile');

      // Neither consent nor the upload: the form says to do one or the other.
      await fillDomicile(page);
      await v.follow(page.getByRole('button', { name: 'Submit application' }), { status: 422 });
      await page.locator('#error-summary').getByText('Tick the box to let us ask for your family card, or upload it').waitFor();
      await v.screenshot('consent or upload');

      // Consent: no family card to upload.
      const box = page.getByLabel(CONSENT);
      await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
      assert.ok(await box.isChecked(), 'the consent is ticked');
      await page.getByLabel('Covering letter from the RT and RW').setInputFiles(pdf('pengantar.pdf', 'Surat pengantar RT/RW'));
      await page.getByLabel('Scan of your identity card (KTP-el)').setInputFiles(pdf('ktp.pdf', 'KTP-el'));
      await v.follow(page.getByRole('button', { name: 'Submit application' }));
      await page.getByRole('status').filter({ hasText: 'Application submitted' }).waitFor();
      assert.equal(await v.h1(), 'Certificate of domicile');
      await page.getByText(/Yes: answered by Population and Civil Registration Office of Contoh City/).waitFor();
      await v.screenshot('case with the registry answer');

      await v.visit('/account/my-data');
      await page.getByRole('heading', { name: 'Asked of other agencies about you' }).waitFor();
      await page.getByText(/Sukamaju Sub-district Office asked Population and Civil Registration Office of Contoh City \(Family members\)/).first().waitFor();
      await v.screenshot('my data exchanges');
      await v.visit('/lang/id?next=/account/my-data');
      assert.equal(await v.h1(), 'Data saya');
      await page.getByText(/meminta kepada Dinas Kependudukan dan Pencatatan Sipil Kota Contoh \(Anggota keluarga\)/).first().waitFor();
      await v.screenshot('my data exchanges id');
      await v.visit('/lang/en?next=/');
      await signOut(v);
    },
  },
  {
    name: 'once-only: an agreement proposed by one agency and approved by the other, in both languages',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      await signIn(v, HEALTH_ADMIN, DEMO_PASSWORD);
      await v.follow((await nav(v)).getByRole('link', { name: 'Data exchange' }));
      assert.equal(await v.h1(), 'Data exchange');
      const service = page.locator('#service');
      const value = await service.locator('option', { hasText: 'Business licence status' }).getAttribute('value');
      await service.selectOption(value);
      await v.follow(page.getByRole('button', { name: 'Continue' }));
      const consumer = page.locator('#consumer');
      await consumer.selectOption(await consumer.locator('option', { hasText: 'Health Office' }).getAttribute('value'));
      await page.locator('label[for="purpose-1"]').click();
      await page.locator('label[for="field-1"]').click();
      await page.locator('label[for="field-2"]').click();
      await v.screenshot('propose an agreement');
      await v.follow(page.getByRole('button', { name: 'Propose the agreement' }));
      await page.getByRole('status').filter({ hasText: 'The agreement is proposed' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Awaiting approval' }).first().waitFor();
      // The proposer's agency has approved; the other side's button is not theirs.
      assert.equal(await page.getByRole('button', { name: 'Approve for this agency' }).count(), 0);
      await v.screenshot('agreement awaiting approval');
      await signOut(v);

      await v.visit('/login');
      await signIn(v, LICENSING_ADMIN, DEMO_PASSWORD);
      await v.visit('/backoffice/data-exchange');
      await v.follow(page.getByRole('button', { name: 'Approve for this agency' }).first());
      await page.getByRole('status').filter({ hasText: 'The agreement is approved for your agency' }).waitFor();
      await page.getByRole('row').filter({ hasText: 'In force' }).first().waitFor();
      await v.screenshot('agreement in force');
      await v.visit('/lang/id?next=/backoffice/data-exchange');
      assert.equal(await v.h1(), 'Pertukaran data');
      await page.getByRole('row').filter({ hasText: 'Berlaku' }).first().waitFor();
      await v.screenshot('agreement in force id');
      await v.visit('/lang/en?next=/');
      await signOut(v);
    },
  },
];
