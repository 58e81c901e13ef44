// axe-core finds no violations with the chapter UI open and playing, in light and dark
// colour schemes; screenshots of both are saved to test-results/ for a person to look at.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { EpisodePage, useBrowser } from './support.mjs';

const env = useBrowser();

for (const colorScheme of ['light', 'dark']) {
  describe(`accessibility (${colorScheme})`, () => {
    it('has no axe violations with a chapter playing and others open', { timeout: 60_000 }, async () => {
      const episode = await (await EpisodePage.open(env, { colorScheme })).ready();
      await episode.toggle(4).click(); // a chapter opened by hand
      await episode.seek(12 * 60 + 42 + 30); // chapter 6, half a minute in: opens and scrolls into view
      await episode.waitForCurrent(762_000);
      await episode.page.mouse.move(0, 0);
      const results = await new AxeBuilder({ page: episode.page }).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help}) ${v.nodes[0]?.target}`);
      assert.deepEqual(summary, []);
      // The page allows both schemes (meta color-scheme), so the system's choice decides.
      const background = await episode.page.evaluate(() => getComputedStyle(ec('.ec-widget')).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(27, 27, 31)' : 'rgb(255, 255, 255)');
      await episode.screenshot(`episode-${colorScheme}.png`);
      episode.assertNoConsoleErrors();
      await episode.close();
    });
  });
}
