// Measurements for the accessibility tests, run in the page (install with
// `page.evaluate(A11Y)` after DEEP_QUERIES): what axe-core does not check inside the widget's
// shadow root, or not at all — target sizes, the focus indicator and whether an ancestor's
// overflow clips it, and the contrast of every piece of visible text against the background it
// is actually drawn on (composited through transparent ancestors, into slots, across the
// shadow boundary).
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';

export function A11Y() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  /** Any CSS colour (computed: rgb(), color(srgb …), …) as [r, g, b, alpha 0..1], by painting it. */
  const rgba = (color) => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = '#000';
    context.fillStyle = color;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  /** The parent in the flat tree: into a slot, out of a shadow root. */
  const parent = (element) => element.assignedSlot ?? element.parentElement ?? element.getRootNode().host ?? null;
  const ancestors = function* (element) {
    for (let e = element; e; e = parent(e)) yield e;
  };
  /** Visually hidden (clipped to nothing) or not rendered. */
  const hidden = (element) => {
    for (const e of ancestors(element)) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      const rect = e.getBoundingClientRect();
      if (style.clipPath !== 'none' && rect.width <= 1 && rect.height <= 1) return true;
    }
    return element.getClientRects().length === 0;
  };
  /** Every element inside the widgets: their shadow roots and what is slotted into them. */
  const widgetElements = () => {
    const found = [];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        found.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
        if (element instanceof HTMLSlotElement) {
          for (const slotted of element.assignedElements({ flatten: true })) {
            found.push(slotted, ...slotted.querySelectorAll('*'));
          }
        }
      }
    };
    for (const host of document.querySelectorAll('episode-chapters')) if (host.shadowRoot) walk(host.shadowRoot);
    return found;
  };
  const describe = (element) => {
    const classes = [...element.classList].join('.');
    const text = (element.value || element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40);
    return `${element.localName}${classes ? '.' + classes : ''} "${text}"`;
  };

  /** The colour under `element`: its own and its ancestors' backgrounds, composited. */
  const background = (element) => {
    const layers = [];
    for (const e of ancestors(element)) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== 'none') return { image: describe(e) };
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    // Under everything, the page's canvas (the widgets always paint their own background).
    let base = layers.at(-1)?.[3] >= 1 ? layers.pop() : rgba(getComputedStyle(document.documentElement).colorScheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches ? '#121212' : '#ffffff');
    for (const layer of layers.reverse()) base = over(layer, base);
    return { colour: base };
  };
  const opacity = (element) => {
    let product = 1;
    for (const e of ancestors(element)) product *= Number(getComputedStyle(e).opacity);
    return product;
  };

  /** Every visible text (text nodes, field values, placeholders) with its colours and ratio. */
  window.a11yContrast = () => {
    const results = [];
    for (const element of widgetElements()) {
      const field = element instanceof HTMLInputElement && !['hidden', 'checkbox', 'radio', 'range'].includes(element.type);
      const hasText = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
      if ((!hasText && !field) || hidden(element)) continue;
      if (element.closest('svg')) continue; // titles of SVG shapes are not drawn
      const placeholder = field && element.value === '' && element.placeholder !== '';
      if (field && element.value === '' && !placeholder) continue;
      const style = getComputedStyle(element, placeholder ? '::placeholder' : null);
      const fg = rgba(style.color);
      fg[3] *= opacity(element);
      const bg = background(element);
      if (bg.image) {
        results.push({ element: describe(element), image: bg.image });
        continue;
      }
      const shown = over(fg, bg.colour);
      results.push({
        element: describe(element) + (placeholder ? ' ::placeholder' : ''),
        fg: shown.slice(0, 3).map(Math.round),
        bg: bg.colour.slice(0, 3).map(Math.round),
        ratio: Math.round(ratio(shown, bg.colour) * 100) / 100,
      });
    }
    return results;
  };

  const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';
  /** Every control in the widgets that is shown and can be focused, with its size. */
  window.a11yTargets = () =>
    widgetElements()
      .filter((e) => e.matches(FOCUSABLE) && !e.disabled && !hidden(e))
      .map((e) => {
        const rect = e.getBoundingClientRect();
        return { element: describe(e), width: Math.round(rect.width * 100) / 100, height: Math.round(rect.height * 100) / 100 };
      });

  /**
   * The focused element's focus indicator: its outline or box-shadow, the box that indicator
   * covers, and how much of it every clipping ancestor (overflow other than visible) and the
   * viewport cut off.
   */
  window.a11yFocusRing = () => {
    const element = window.ecActive();
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const width = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
    const offset = parseFloat(style.outlineOffset) || 0;
    // A box-shadow ring: its spread (the fourth length), else its blur.
    const shadow = style.boxShadow === 'none' ? 0 : Math.max(0, ...[...style.boxShadow.matchAll(/(-?[\d.]+)px/g)].map((m) => Number(m[1])));
    const grow = width > 0 ? offset + width : shadow;
    const rect = element.getBoundingClientRect();
    const ring = { left: rect.left - grow, top: rect.top - grow, right: rect.right + grow, bottom: rect.bottom + grow };
    const clipped = [];
    const check = (what, box) => {
      const cut = Math.max(box.left - ring.left, box.top - ring.top, ring.right - box.right, ring.bottom - box.bottom);
      if (cut > 0.5) clipped.push(`${what} cuts ${cut.toFixed(1)}px`);
    };
    for (const e of ancestors(parent(element))) {
      const s = getComputedStyle(e);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = e.getBoundingClientRect();
      const left = r.left + e.clientLeft;
      const top = r.top + e.clientTop;
      check(describe(e).split(' ')[0], { left, top, right: left + e.clientWidth, bottom: top + e.clientHeight });
    }
    check('the viewport', { left: 0, top: 0, right: innerWidth, bottom: innerHeight });
    return {
      element: describe(element),
      focusVisible: element.matches(':focus-visible'),
      outline: width > 0 ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : null,
      boxShadow: shadow > 0 ? style.boxShadow : null,
      contrast: width > 0 ? Math.round(ratio(rgba(style.outlineColor), background(parent(element)).colour ?? [255, 255, 255]) * 100) / 100 : null,
      clipped,
    };
  };
}

/** axe-core's violations as one line each (rule, count, help, first target). */
export async function axeViolations(page, include) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help}) ${v.nodes.map((n) => n.target).slice(0, 3).join(' | ')}`);
}

/** Fails, naming each, when any control is smaller than 24 × 24 CSS px; returns the smallest. */
export async function assertTargetSizes(page, what) {
  const targets = await page.evaluate(() => window.a11yTargets());
  assert.ok(targets.length > 0, `${what}: controls found`);
  const small = targets.filter((t) => t.width < 24 || t.height < 24);
  assert.deepEqual(small, [], `${what}: targets under 24×24 px`);
  return targets.reduce((min, t) => (Math.min(t.width, t.height) < Math.min(min.width, min.height) ? t : min));
}

/** Fails, naming each, when visible text has a contrast ratio under 4.5:1; returns the lowest. */
export async function assertTextContrast(page, what) {
  const texts = await page.evaluate(() => window.a11yContrast());
  assert.ok(texts.length > 0, `${what}: text found`);
  assert.deepEqual(texts.filter((t) => t.image), [], `${what}: text over an image cannot be measured`);
  const low = texts.filter((t) => t.ratio < 4.5);
  assert.deepEqual(low, [], `${what}: text under 4.5:1`);
  return texts.reduce((min, t) => (t.ratio < min.ratio ? t : min));
}
