// Fees, payments and verifiable documents, end to end, through the pages (issue 4):
//   P1 a new citizen applies for a building approval (a fee per m² of floor
//      area): the fee breakdown on the apply page, the case page, its invoice,
//      pays through the sandbox test gateway, sees the invoice paid, opens the
//      receipt;
//   P2 the officer (licensing office) accepts the case, schedules and completes
//      the site inspection and recommends it (he cannot approve); the
//      supervisor approves (the approval requires the invoice paid); the
//      citizen sees "Approved", opens the issued document and "My documents",
//      and keeps its verification token and PDF;
//   P3 anyone verifies it on /verify: the token is valid, a token with one
//      character of its payload changed is not, the PDF is valid;
//   P4 the demo citizen (Indonesian) applies for a second building approval
//      (below the minimum fee); the cashier finds the invoice by the reference on
//      the receipt and records a counter payment, with a mistake first (error summary).
// P2 and P3 follow what P1 filed in the same mode (modes run one after the
// other, and the journeys of a file in order), so run the whole file.
import assert from 'node:assert/strict';
import { nav, register, signIn, signOut, statusOf } from '../lib/people.js';
import { DEMO_PASSWORD, NARROW } from '../lib/harness.js';
import { assertErrorSummary, newCitizen, unique } from './accounts.js';

const CITIZEN = 'citizen@demo.gerbang.example';
const OFFICER = 'officer@demo.gerbang.example';
const CASHIER = 'cashier@demo.gerbang.example';
const SUPERVISOR = 'supervisor@demo.gerbang.example';
const SERVICE = 'building-approval';

/** GRB-XXXX-XXXX-C and DOC-XXXX-XXXX-C: Crockford base32, the last symbol a check character. */
const B32 = '[0-9A-HJKMNP-TV-Z]';
const REFERENCE = new RegExp(`GRB-${B32}{4}-${B32}{4}-${B32}`);
const DOCUMENT = new RegExp(`^DOC-${B32}{4}-${B32}{4}-${B32}$`);
/** A compact JWS: three base64url parts, the header a JSON object ("eyJ"). */
const JWS = /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

// Fees of catalog/licensing-office.yaml: Rp 37.500 per m² (at least Rp 3.750.000),
// plus Rp 650.000 infrastructure and Rp 100.000 sign board.
//   150 m²: 5.625.000 + 650.000 + 100.000 = 6.375.000
//    60 m²: 2.250.000, raised to the minimum 3.750.000, total 4.500.000
const rp = (digits) => new RegExp(`^Rp\\s${digits.replace(/\./g, '\\.')}$`);

/** mode name -> { citizen, reference, number, token, pdf }: what P1 and P2 leave for P2 and P3. */
const cases = new Map();
function caseOf(v, needs = 'reference') {
  const c = cases.get(v.mode.name);
  assert.ok(c?.[needs], `nothing left by the earlier journeys in mode ${v.mode.name} (${needs}): run the whole journeys/payments-documents.js`);
  return c;
}

/**
 * A small, valid one-page PDF (the server judges uploads by content: "%PDF-"),
 * with a correct cross-reference table.
 */
function pdf(name, text) {
  const content = `BT /F1 18 Tf 72 770 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

async function signInFromNav(v, email, password) {
  await v.follow((await nav(v)).getByRole('link', { name: /^(Sign in|Masuk)$/ }));
  await signIn(v, email, password);
}

/** "Status" on a case page (applicant's or staff's): the text, not its upper-case rendering. */
/** The invoice status on the invoice and counter pages. */
const invoiceStatusOf = async (v) => (await v.page.locator('.gerbang-invoice-status').textContent()).trim();
const totalOf = async (v) => (await v.page.locator('.gerbang-invoice-total').first().textContent()).trim();
/** The value next to a term of a definition list. */
const dd = (v, term) =>
  v.page.locator('dl.gerbang-meta dt', { hasText: new RegExp(`^\\s*${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
    .first().locator('xpath=following-sibling::dd[1]');

/** The staff back office, in Indonesian: filter the inbox on building approvals in a state, open the case. */
async function openFromInbox(v, reference, state) {
  const { page } = v;
  await v.follow((await nav(v)).getByRole('link', { name: 'Layanan internal', exact: true }));
  assert.equal(await v.path(), '/backoffice');
  await page.getByLabel('Layanan', { exact: true }).selectOption(SERVICE);
  await page.getByLabel('Status', { exact: true }).selectOption(state);
  await v.follow(page.getByRole('button', { name: 'Tampilkan berkas' }));
  assert.equal(new URL(page.url()).searchParams.get('service'), SERVICE);
  await v.follow(page.getByRole('link', { name: reference, exact: true }));
  assert.equal(await v.path(), `/backoffice/cases/${reference}`);
  assert.equal(await v.h1(), 'Persetujuan Bangunan Gedung (PBG)');
}

/** Clicks a decision button on the staff case page and checks the new status. */
async function decide(v, button, newStatus) {
  const { page } = v;
  await v.follow(page.getByRole('button', { name: button, exact: true }));
  await page.getByText('Keputusan telah dicatat dan pemohon telah diberi tahu.').waitFor();
  assert.equal(await statusOf(v), newStatus);
}

/** Fills the building-approval form by field id (the labels are checked in P1). */
async function fillBuildingApproval(page, { area, address }) {
  await page.locator('#owner_nik').fill('3372051203900001');
  await page.locator('#building_function').selectOption('residential');
  await page.locator('#work_type').selectOption('new_building');
  await page.locator('#building_address').fill(address);
  await page.locator('#floor_area').fill(String(area));
  await page.locator('#floors').fill('2');
  await page.locator('#land_certificate').setInputFiles(pdf('sertipikat-tanah.pdf', 'Sertipikat hak milik'));
  await page.locator('#kkpr').setInputFiles(pdf('kkpr.pdf', 'Konfirmasi KKPR'));
  await page.locator('#technical_plans').setInputFiles(pdf('rencana-teknis.pdf', 'Rencana teknis'));
  await page.locator('#phone').fill('0812-3456-7890');
}

/**
 * After something opens on the page (a <details>), no load: the page still
 * fits 360 px (the harness checks this on each page load only). Screenshot.
 */
async function noSidewaysScroll(v, name) {
  const { page } = v;
  const vp = page.viewportSize();
  if (vp.width > NARROW.width) await page.setViewportSize(NARROW);
  try {
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    await v.screenshot(`${name} 360px`);
    assert.ok(sw <= NARROW.width, `${await v.label()} with ${name}: at 360 px the page is ${sw} px wide`);
  } finally {
    if (vp.width > NARROW.width) await page.setViewportSize(vp);
  }
  if (vp.width > NARROW.width) await v.screenshot(name);
}

/** Changes one character in the middle of the payload part of a compact JWS. */
function tamper(jws) {
  const [h, p, s] = jws.split('.');
  const i = Math.floor(p.length / 2);
  const other = p[i] === 'A' ? 'B' : 'A';
  return [h, p.slice(0, i) + other + p.slice(i + 1), s].join('.');
}

export default [
  {
    name: 'pay a building approval with the sandbox gateway, receipt',
    async run(v) {
      const { page } = v;
      const me = await register(v);

      await v.visit(`/services/${SERVICE}`);
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Apply online' }));
      assert.equal(await v.path(), `/services/${SERVICE}/apply`);
      assert.equal(await v.h1(), 'Apply: Building approval (PBG)');

      // What it costs, before applying: the rule per m², its minimum, the fixed items.
      const fee = page.getByRole('region', { name: 'What this costs' });
      await fee.waitFor();
      const feeText = await fee.innerText();
      assert.match(feeText, /Building approval retribution – building: Rp\s37\.500 per m² of “Total floor area \(m²\)”\./);
      assert.match(feeText, /At least Rp\s3\.750\.000\./);
      await fee.getByRole('row', { name: /building infrastructure \(fence, driveway, septic tank\)\s+Rp\s650\.000/ }).waitFor();
      await fee.getByRole('row', { name: /Building approval sign board\s+Rp\s100\.000/ }).waitFor();

      // The form, by its labels.
      await page.getByLabel("Owner's national identity number (NIK) or that of the company's director").fill('3372051203900001');
      await page.getByLabel('Building function').selectOption('residential');
      await page.getByLabel('Type of work').selectOption('new_building');
      await page.getByLabel('Address of the building site').fill('Jl. Melati No. 7, RT 02/RW 05, Kota Contoh');
      await page.getByLabel('Total floor area (m²)').fill('150');
      await page.getByLabel('Number of floors').fill('2');
      await page.getByLabel('Land certificate or land-use agreement').setInputFiles(pdf('sertipikat-tanah.pdf', 'Sertipikat hak milik'));
      await page.getByLabel('Confirmation of conformity of spatial use activities (KKPR)').setInputFiles(pdf('kkpr.pdf', 'Konfirmasi KKPR'));
      await page.getByLabel('Technical plans (one PDF)').setInputFiles(pdf('rencana-teknis.pdf', 'Rencana teknis'));
      await page.getByLabel('Phone number').fill('0812-3456-7890');
      await v.follow(page.getByRole('button', { name: 'Submit application' }));

      // The case page, with the invoice raised at submission.
      const notice = await page.getByRole('status').filter({ hasText: 'Application submitted' }).innerText();
      const reference = notice.match(REFERENCE)?.[0];
      assert.ok(reference, `a reference in the receipt: "${notice}"`);
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.equal(await v.h1(), 'Building approval (PBG)');
      assert.equal(await statusOf(v), 'Submitted');
      assert.match(await dd(v, 'Payment status').innerText(), /^Awaiting payment · Invoice and payment$/);
      cases.set(v.mode.name, { citizen: me, reference });

      // The invoice: one line per budget line, the total, how to pay.
      await v.follow(page.getByRole('link', { name: 'Invoice and payment' }));
      assert.equal(await v.path(), `/applications/${reference}/payment`);
      assert.match(await v.h1(), /^Invoice /);
      assert.equal(await invoiceStatusOf(v), 'Awaiting payment');
      const lines = page.getByRole('table', { name: 'Fee items by budget line' });
      await lines.getByRole('row', { name: /4\.1\.2\.03\.01\s+Building approval retribution – building\s+Rp\s5\.625\.000/ }).waitFor();
      await lines.getByRole('row', { name: /4\.1\.2\.03\.02\s+.*Rp\s650\.000/ }).waitFor();
      await lines.getByRole('row', { name: /4\.1\.2\.03\.03\s+Building approval sign board\s+Rp\s100\.000/ }).waitFor();
      assert.match(await totalOf(v), rp('6.375.000'));
      await page.getByRole('heading', { name: 'How to pay' }).waitFor();

      // The sandbox gateway's checkout: clearly a test gateway; pay there.
      await v.follow(page.getByRole('button', { name: 'Pay with the sandbox gateway' }));
      assert.match(await v.path(), /^\/payments\/sandbox\/[^/]+$/);
      assert.equal(await v.h1(), 'Sandbox payment gateway');
      const warning = page.getByRole('note');
      await warning.getByRole('heading', { name: 'Test payments only' }).waitFor();
      assert.match(await warning.innerText(), /No real money moves/);
      assert.match((await dd(v, 'Amount').innerText()).trim(), rp('6.375.000'));
      await v.follow(page.getByRole('button', { name: 'Pay (test)' }));

      // Back on the invoice: paid, with the payment and its receipt.
      assert.equal(await v.path(), `/applications/${reference}/payment`);
      await page.getByRole('status').filter({ hasText: 'Back from the sandbox gateway.' }).waitFor();
      assert.equal(await invoiceStatusOf(v), 'Paid');
      assert.equal(await page.getByRole('heading', { name: 'How to pay' }).count(), 0, 'nothing left to pay');
      const payments = page.getByRole('table', { name: 'Payments received' });
      const row = payments.getByRole('row').filter({ hasText: 'Sandbox test gateway' });
      assert.equal(await row.count(), 1, 'one payment, though the gateway sent its webhook twice');
      assert.match(await row.innerText(), /Rp\s6\.375\.000/);
      const receiptLink = row.getByRole('link');
      const receiptNumber = (await receiptLink.innerText()).trim();
      assert.ok(receiptNumber.length > 0, 'a receipt number');

      await v.follow(receiptLink);
      assert.match(await v.path(), new RegExp(`^/applications/${reference}/receipts/\\d+$`));
      assert.equal(await v.h1(), `Receipt ${receiptNumber}`);
      assert.match(await dd(v, 'Amount paid').innerText(), rp('6.375.000'));
      assert.equal((await dd(v, 'Reference').innerText()).trim(), reference);
      assert.equal((await dd(v, 'Paid by').innerText()).trim(), 'Sandbox test gateway');
      await v.follow(page.getByRole('link', { name: 'Back to the invoice' }));
      assert.equal(await v.path(), `/applications/${reference}/payment`);

      // The case page agrees.
      await v.follow(page.getByRole('link', { name: reference, exact: true }));
      assert.equal(await v.path(), `/applications/${reference}`);
      assert.match(await dd(v, 'Payment status').innerText(), /^Paid · /);
    },
  },

  {
    name: 'site inspection, supervisor approves, citizen opens the document',
    async run(v) {
      const { page } = v;
      const c = caseOf(v);
      const { reference, citizen } = c;

      // The officer works the case as far as he may.
      await v.visit('/lang/id?next=/login');
      await signIn(v, OFFICER, DEMO_PASSWORD);
      assert.equal(await v.lang(), 'id', 'the officer reads Indonesian');
      await openFromInbox(v, reference, 'submitted');
      assert.equal(await statusOf(v), 'Diajukan');
      await v.follow(page.getByRole('button', { name: 'Tangani sendiri' }));
      await page.getByText('Berkas ini sekarang Anda tangani.').waitFor();
      await decide(v, 'Terima untuk diperiksa', 'Sedang diperiksa');
      await decide(v, 'Jadwalkan pemeriksaan lapangan', 'Peninjauan lapangan');
      await decide(v, 'Pemeriksaan selesai', 'Sedang diperiksa');
      await decide(v, 'Usulkan untuk disetujui', 'Menunggu persetujuan');
      assert.equal(await page.getByRole('button', { name: 'Setujui' }).count(), 0, 'the officer cannot approve');
      await signOut(v);

      // The supervisor approves (the invoice is paid, which approval requires).
      await signInFromNav(v, SUPERVISOR, DEMO_PASSWORD);
      await openFromInbox(v, reference, 'awaiting_approval');
      await decide(v, 'Setujui', 'Disetujui');
      await signOut(v);

      // The citizen reads English, sees it approved and opens the document.
      await v.visit('/lang/en?next=/login');
      await signIn(v, citizen.email, citizen.password);
      assert.equal(await v.lang(), 'en', 'the citizen reads English');
      await v.follow((await nav(v)).getByRole('link', { name: 'My applications' }));
      await v.follow(page.getByRole('link', { name: reference, exact: true }));
      assert.equal(await statusOf(v), 'Approved');
      assert.match(await dd(v, 'Payment status').innerText(), /^Paid · /);
      await v.follow(page.getByRole('link', { name: 'View the issued document' }));
      const number = (await v.path()).replace(/^\/documents\//, '');
      assert.match(number, DOCUMENT, `a document number in the path: ${await v.path()}`);
      assert.equal(await v.h1(), 'Building approval (Persetujuan Bangunan Gedung)');
      assert.equal((await dd(v, 'Document number').innerText()).trim(), number);
      assert.equal((await dd(v, 'Holder').innerText()).trim(), citizen.name);
      assert.equal((await dd(v, 'Status').textContent()).trim(), 'Valid'); // upper case on screen
      await page.getByRole('img', { name: 'QR code holding the signed verification token of this document' }).waitFor();
      // The QR's text, under "Verification token" (a <details>: open it, as a person would).
      await page.getByText('Verification token (text of the QR code)').click();
      const token = (await page.locator('pre.gerbang-token').innerText()).trim();
      assert.match(token, JWS, 'the token is a compact JWS');
      await page.locator('pre.gerbang-token').waitFor({ state: 'visible' });
      await noSidewaysScroll(v, 'document token shown');

      // The PDF, as the citizen downloads it.
      const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
      assert.equal(href, `/documents/${number}/pdf`);
      const res = await page.request.get(v.url(href));
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /^application\/pdf/);
      const bytes = await res.body();
      assert.ok(bytes.subarray(0, 5).equals(Buffer.from('%PDF-')), 'a PDF');
      Object.assign(c, { number, token, pdf: { name: `${number}.pdf`, mimeType: 'application/pdf', buffer: bytes } });

      // "My documents" lists it.
      await v.follow((await nav(v)).getByRole('link', { name: 'My documents' }));
      assert.equal(await v.path(), '/documents');
      assert.equal(await v.h1(), 'My documents');
      const docRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: number, exact: true }) });
      assert.match(await docRow.innerText(), /Building approval \(Persetujuan Bangunan Gedung\)[\s\S]*Valid/);
      await docRow.getByRole('link', { name: 'Download PDF' }).waitFor();
      await v.follow(docRow.getByRole('link', { name: number, exact: true }));
      assert.equal(await v.path(), `/documents/${number}`);
    },
  },

  {
    name: 'anyone verifies the document, and a tampered token',
    async run(v) {
      const { page } = v;
      const { number, token, pdf: file } = caseOf(v, 'token');

      // Not signed in: anyone may verify.
      await v.visit('/verify');
      assert.equal(await v.h1(), 'Verify a document');
      assert.equal(await page.getByRole('button', { name: /^Sign out/ }).count(), 0, 'anonymous');
      const field = page.getByLabel('Text of the QR code');
      await field.fill(token);
      await v.follow(page.getByRole('button', { name: 'Verify' }));
      let verdict = page.locator('#verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
      assert.equal(await verdict.getByRole('heading').innerText(), 'Valid');
      assert.equal((await dd(v, 'Document number').innerText()).trim(), number);
      assert.equal((await dd(v, 'Document').innerText()).trim(), 'Building approval (Persetujuan Bangunan Gedung)');
      assert.equal(await field.inputValue(), token, 'the token is kept in the field');

      // One character of the payload changed: not valid, and no claims shown.
      const forged = tamper(token);
      assert.notEqual(forged, token);
      await field.fill(forged);
      await v.follow(page.getByRole('button', { name: 'Verify' }));
      verdict = page.locator('#verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'invalid');
      assert.equal(await verdict.getByRole('heading').innerText(), 'Not issued by us, or altered');
      assert.match(await verdict.innerText(), /Do not rely on it\./);
      assert.equal(await page.locator('dl.gerbang-meta').count(), 0, 'nothing from the forged token is shown');

      // The PDF, uploaded.
      await field.fill('');
      await page.getByLabel("Or the document's PDF").setInputFiles(file);
      await v.follow(page.getByRole('button', { name: 'Verify' }));
      verdict = page.locator('#verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
      assert.equal((await dd(v, 'Document number').innerText()).trim(), number);
    },
  },

  {
    name: 'cashier records a counter payment',
    async run(v) {
      const { page } = v;
      // The demo citizen (Indonesian) applies for a small building: the minimum fee applies.
      await v.visit('/lang/id?next=/login');
      await signIn(v, CITIZEN, DEMO_PASSWORD);
      assert.equal(await v.lang(), 'id');
      await v.visit(`/services/${SERVICE}`);
      await v.follow(page.getByRole('main').getByRole('link', { name: 'Ajukan secara daring' }));
      assert.equal(await v.h1(), 'Permohonan: Persetujuan Bangunan Gedung (PBG)');
      await page.getByRole('region', { name: 'Biaya layanan' }).waitFor();
      await fillBuildingApproval(page, { area: 60, address: 'Jl. Kenanga No. 3, Kota Contoh' });
      await v.follow(page.getByRole('button', { name: 'Kirim permohonan' }));
      const notice = await page.getByRole('status').filter({ hasText: 'Permohonan terkirim' }).innerText();
      const reference = notice.match(REFERENCE)?.[0];
      assert.ok(reference, `a reference in the receipt: "${notice}"`);
      assert.match(await dd(v, 'Status pembayaran').innerText(), /^Menunggu pembayaran · /);
      await signOut(v);

      // The cashier: the header leads to the payments desk (a cashier has no case
      // inbox, so none is linked); the reference on the citizen's receipt leads to
      // the invoice (a cashier does not read the case).
      await signInFromNav(v, CASHIER, DEMO_PASSWORD);
      assert.equal(await (await nav(v)).getByRole('link', { name: 'Layanan internal', exact: true }).count(), 0);
      await v.follow((await nav(v)).getByRole('link', { name: 'Pembayaran', exact: true }));
      assert.equal(await v.path(), '/backoffice/payments');
      await page.getByLabel('Catat pembayaran di loket: nomor permohonan').fill(reference.toLowerCase());
      await v.follow(page.getByRole('button', { name: 'Cari tagihan' }));
      assert.equal(await v.path(), `/backoffice/cases/${reference}/payment`);
      assert.match(await v.h1(), /^Pembayaran di loket /);
      assert.equal(await invoiceStatusOf(v), 'Menunggu pembayaran');
      assert.match(await totalOf(v), rp('4.500.000'));
      assert.equal(await page.getByLabel('Jumlah diterima (rupiah)').inputValue(), '4500000', 'the total, filled in');

      // Mistakes first, each refused with the error summary (the server reports
      // one problem at a time): no receipt number, then a wrong amount.
      const amount = page.getByLabel('Jumlah diterima (rupiah)');
      await v.follow(page.getByRole('button', { name: 'Catat pembayaran' }), { status: 422 });
      await assertErrorSummary(v, ['receipt_number']);
      assert.equal(await page.getByLabel('Nomor tanda terima').getAttribute('aria-invalid'), 'true');

      const receiptNumber = `KWT-${unique().toUpperCase()}`;
      await amount.fill('4.000.000');
      await page.getByLabel('Nomor tanda terima').fill(receiptNumber);
      await v.follow(page.getByRole('button', { name: 'Catat pembayaran' }), { status: 422 });
      await assertErrorSummary(v, ['amount']);
      await page.locator('#error-summary').getByRole('link', { name: 'Jumlah harus sama persis dengan total tagihan' }).waitFor();
      assert.equal(await amount.inputValue(), '4.000.000', 'the amount typed is kept');
      assert.equal(await page.getByLabel('Nomor tanda terima').inputValue(), receiptNumber, 'the receipt number is kept');
      assert.equal(await invoiceStatusOf(v), 'Menunggu pembayaran', 'nothing recorded');

      await amount.fill('4.500.000');
      await v.follow(page.getByRole('button', { name: 'Catat pembayaran' }));
      assert.equal(await v.path(), `/backoffice/cases/${reference}/payment`);
      await page.getByRole('status').filter({ hasText: 'Pembayaran dicatat.' }).waitFor();
      assert.equal(await invoiceStatusOf(v), 'Lunas');
      assert.equal(await page.getByRole('button', { name: 'Catat pembayaran' }).count(), 0, 'no second payment');
      const row = page.getByRole('table', { name: 'Pembayaran diterima' }).getByRole('row').filter({ hasText: receiptNumber });
      assert.match(await row.innerText(), /Di loket[\s\S]*Rp\s4\.500\.000/);

      // Back to the payments desk through the breadcrumb.
      await v.follow(page.getByRole('navigation', { name: 'Navigasi remah roti' }).getByRole('link', { name: 'Pembayaran', exact: true }));
      assert.equal(await v.path(), '/backoffice/payments');
    },
  },
];
