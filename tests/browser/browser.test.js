// The browser suite: every journey in journeys/*.js, in each of its modes,
// then the page-weight table. Run through ./run (which starts the server).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AXE_TAGS, BUDGET_BYTES, MODES, ROOT, SCREENSHOTS, Visitor, axeTotals, launchBrowser, resetScreenshots, weightTable, weights,
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
        } catch (e) {
          await v.screenshot('failed').catch(() => {});
          throw e;
        } finally {
          await v.close();
        }
      });
    }
  });
}

test('page weight: every page within budget', () => {
  // ./run prints this file after the suite (the test reporter would bury it).
  const summary = `${weightTable()}\n\naxe-core (${AXE_TAGS.join(', ')}): ${axeTotals.pages} page checks, 0 violations allowed.\n`;
  fs.writeFileSync(path.join(SCREENSHOTS, 'page-weight.txt'), summary);
  assert.ok(weights.size > 0, 'no page was measured');
  const over = [...weights].filter(([, w]) => w.bytes > BUDGET_BYTES).map(([l]) => l);
  assert.deepEqual(over, [], 'pages over budget');
});
