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
const CHECK = 'Check my name with the civil registry and fill in the address it holds for me';
const APPLY = '/services/certificate-of-domicile/apply';
// The check box's hint mentions "full name" too: the name field is the text box of that name.
const fullName = (page) => page.getByRole('textbox', { name: 'Full name' });

async function fillDomicile(page) {
  await page.getByLabel('Your national identity number (NIK)').fill('3374055202950003');
  await fullName(page).fill('Siti Rahayu');
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

/** Ticks a USWDS checkbox as a person does, by its label (the input itself is drawn hidden). */
async function tick(page, box) {
  await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  assert.ok(await box.isChecked(), 'the box is ticked');
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
    name: 'once-only: the civil registry checks the name and fills in the address before the form is sent',
    async run(v) {
      const { page } = v;
      await v.visit('/login');
      await signIn(v, CITIZEN, DEMO_PASSWORD);
      await v.visit(APPLY);
      assert.equal(await v.h1(), 'Apply: Certificate of domicile');
      // A draft left by an earlier run would pre-fill the form: start clean.
      const discard = page.getByRole('button', { name: 'Delete this draft' });
      if ((await discard.count()) > 0) {
        await v.follow(discard);
        await v.visit(APPLY);
      }
      const box = page.getByLabel(CHECK);
      const button = page.getByRole('button', { name: 'Check my details and fill in the form' });
      const address = page.getByLabel('Address where you live');
      assert.equal(await address.inputValue(), '');

      // Enter in a text box sends the form (the check is a button of its own): what is
      // missing is listed, and nothing is asked of the registry.
      await page.getByLabel('Your national identity number (NIK)').fill('3374055202950003');
      await fullName(page).fill('Siti Rahmawati');
      await fullName(page).focus();
      await v.press('Enter', { status: 422 });
      await page.locator('#error-summary').getByText('Enter your address').waitFor();
      assert.equal(
        await page.locator('#error-summary').getByText('Tick the box to let us ask the other agency').count(),
        0,
        'Enter did not press "Check my details"',
      );

      // The button without the box ticked: the form asks for consent first.
      assert.ok(!(await box.isChecked()), 'the box starts unticked');
      await v.follow(button, { status: 422 });
      await page.locator('#error-summary').getByText('Tick the box to let us ask the other agency, then press the button again').waitFor();
      assert.equal(await address.inputValue(), '', 'nothing asked, nothing filled in');

      // Ticked, with a name that differs from the registry's: an error on the name, and
      // the registry's own value is never shown.
      await tick(page, box);
      await v.screenshot('check ticked, wrong name');
      await v.follow(button, { status: 422 });
      const summary = page.locator('#error-summary');
      await summary
        .getByText(
          'Enter your full name as it is on your identity card (KTP-el): it differs from the record the other agency holds for this NIK',
        )
        .waitFor();
      assert.equal(await fullName(page).getAttribute('aria-invalid'), 'true');
      assert.equal(await fullName(page).inputValue(), 'Siti Rahmawati', 'the answer is kept');
      assert.equal(await page.getByLabel('Your national identity number (NIK)').inputValue(), '3374055202950003');
      assert.ok(await box.isChecked(), 'the consent stays ticked after the refusal');
      assert.equal(await address.inputValue(), '', 'no address from a record that did not match');
      assert.equal(await page.getByText('Jl. Melati No. 7, RT 002/RW 005, Sukamaju').count(), 0);
      // The answers so far were kept as the draft: the page offers to throw it away.
      await page.getByRole('button', { name: 'Delete this draft' }).waitFor();

      // The name as the registry holds it (spacing and case ignored): the form comes
      // back with the address filled in, kept as the draft.
      await fullName(page).fill('  siti   RAHAYU ');
      await v.follow(button);
      assert.equal(await v.path(), APPLY);
      assert.equal(new URL(page.url()).searchParams.get('done'), 'prefilled');
      await page
        .getByRole('status')
        .filter({ hasText: "Your details matched the other agency's record and we filled in what it holds." })
        .waitFor();
      assert.equal(await page.locator('#error-summary').count(), 0);
      assert.equal(await address.inputValue(), 'Jl. Melati No. 7, RT 002/RW 005, Sukamaju');
      assert.ok(await box.isChecked(), 'the consent is kept with the draft');
      await v.screenshot('address filled in');

      // The button in Indonesian.
      await v.visit(`/lang/id?next=${APPLY}`);
      assert.equal(await v.lang(), 'id');
      await page.getByRole('button', { name: 'Cocokkan data saya dan isikan formulir' }).waitFor();
      await v.visit(`/lang/en?next=${APPLY}`);

      // The draft is thrown away, so the other journeys find the form empty.
      await v.follow(page.getByRole('button', { name: 'Delete this draft' }));
      await page.getByRole('status').filter({ hasText: 'Your draft has been deleted.' }).waitFor();
      await v.visit(APPLY);
      assert.equal(await address.inputValue(), '');
      assert.ok(!(await box.isChecked()), 'no draft: the box is unticked');
      assert.equal(await page.getByRole('button', { name: 'Delete this draft' }).count(), 0);
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
