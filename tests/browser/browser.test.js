// The browser suite: every journey in journeys/*.js, in each of its modes,
// then the page-weight table. Run through ./run (which starts the server).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  MODES, ROOT, SCREENSHOTS, BASE_URL, BUDGET_BYTES, Visitor, axeTotals, launchBrowser, resetScreenshots, weightTable, weights,
} from './lib/harness.js';

// A journey: { name, modes?: ['js', 'nojs', 'keyboard'], run: async (visitor) => {} }.
// Without `modes` it runs with JavaScript on (desktop, axe) and off (360 px).
const journeyDir = path.join(ROOT, 'journeys');
const journeys = [];
for (const file of fs.readdirSync(journeyDir).filter((f) => f.endsWith('.js')).sort()) {
  const mod = await import(path.join(journeyDir, file));
  for (const j of mod.default ?? []) journeys.push({ modes: ['js', 'nojs'], ...j, file });
}

let browser;
before(async () => {
  resetScreenshots();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const mode of Object.values(MODES)) {
  const mine = journeys.filter((j) => j.modes.includes(mode.name));
  if (mine.length === 0) continue;
  describe(`${mode.name}: ${mode.javaScriptEnabled ? 'JavaScript on' : 'JavaScript off'}, ${mode.viewport.width} px`, () => {
    for (const j of mine) {
      test(j.name, async () => {
        const v = await Visitor.open(browser, mode, j.name);
        try {
          await j.run(v);
        } finally {
          await v.close();
        }
      });
    }
  });
}

test('page weight: every page within budget', () => {
  const table = weightTable();
  fs.writeFileSync(path.join(SCREENSHOTS, 'page-weight.txt'), table + '\n');
  console.log('\n' + table + '\n');
  console.log(`axe-core ran ${axeTotals.pages} times (${AXE_TAGS_TEXT}) against ${BASE_URL}; screenshots in ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}/`);
  assert.ok(weights.size > 0, 'no page was measured');
  const over = [...weights].filter(([, w]) => w.bytes > BUDGET_BYTES).map(([l]) => l);
  assert.deepEqual(over, [], 'pages over budget');
});

const AXE_TAGS_TEXT = 'wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa';
