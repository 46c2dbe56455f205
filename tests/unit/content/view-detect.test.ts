// @vitest-environment happy-dom
/**
 * Recognising the API Keys view on saved pages, and the detector the page watcher uses: while the view shows,
 * a page change re-checks only the two elements of the last match instead of walking every text node; any
 * change that could turn the answer (hidden, renamed, removed, moved into our own UI) falls back to the walk.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiKeysViewDetector, findApiKeysView, mayHoldViewHeading } from '../../../src/content/detect';
import { watchPage } from '../../../src/content/watch';
import { FIXTURES, loadFixture } from './fixture-dom';

afterEach(() => vi.restoreAllMocks());

describe('findApiKeysView', () => {
  it('recognises both layouts of the API Keys view and nothing on the Users view', () => {
    for (const fixture of [FIXTURES.modernEdit, FIXTURES.modernNew, FIXTURES.classicEdit, FIXTURES.classicNew]) {
      loadFixture(fixture);
      const match = findApiKeysView(document);
      expect(match?.heading.textContent?.trim(), fixture).toBe('API Keys');
      expect(match?.confirmation.isConnected, fixture).toBe(true);
    }
    loadFixture(FIXTURES.users);
    expect(findApiKeysView(document)).toBeNull();
  });
});

describe('createApiKeysViewDetector', () => {
  const walks = () => vi.spyOn(document, 'createTreeWalker');

  it('answers from the last match while it still shows: no walk of the page', () => {
    loadFixture(FIXTURES.modernEdit);
    const detect = createApiKeysViewDetector(document);
    const spy = walks();
    const first = detect();
    expect(first).not.toBeNull();
    const walked = spy.mock.calls.length;
    expect(walked).toBeGreaterThan(0);
    // The page keeps changing elsewhere (a grid refresh, typing): same answer, no new walk.
    for (let i = 0; i < 5; i++) document.body.append(Object.assign(document.createElement('div'), { textContent: `row ${i}` }));
    expect(detect()).toBe(first);
    expect(spy.mock.calls.length).toBe(walked);
  });

  it('walks again when the heading is hidden, renamed or removed, and gives the walk’s answer', () => {
    loadFixture(FIXTURES.modernEdit);
    const detect = createApiKeysViewDetector(document);
    const { heading } = detect()!;
    (heading as HTMLElement).hidden = true;
    // Another rendered "API Keys" heading may still exist (a menu entry): whatever the full walk says is right.
    const hidden = detect();
    expect(hidden?.heading).not.toBe(heading);
    expect(hidden?.heading ?? null).toBe(findApiKeysView(document)?.heading ?? null);
    (heading as HTMLElement).hidden = false;
    expect(detect()).not.toBeNull();

    const again = detect()!;
    again.heading.textContent = 'Users';
    const renamed = detect();
    expect(renamed?.heading).not.toBe(again.heading);
    expect(renamed?.heading ?? null).toBe(findApiKeysView(document)?.heading ?? null);

    loadFixture(FIXTURES.users);
    expect(detect()).toBeNull();
  });

  it('walks again when the confirming element goes away', () => {
    loadFixture(FIXTURES.modernEdit);
    const detect = createApiKeysViewDetector(document);
    const { confirmation } = detect()!;
    const spy = walks();
    confirmation.remove();
    const answer = detect();
    expect(spy).toHaveBeenCalled();
    expect(answer?.confirmation).not.toBe(confirmation);
    expect(answer?.confirmation ?? null).toBe(findApiKeysView(document)?.confirmation ?? null);
  });
});

describe('watchPage with the view-heading filter', () => {
  it('ignores class changes that cannot show or hide the view, and follows those that can', async () => {
    loadFixture(FIXTURES.modernEdit);
    const controller = new AbortController();
    let checks = 0;
    watchPage({ window, signal: controller.signal, onChange: () => checks++, throttleMs: 0, attributeChangeMatters: mayHoldViewHeading });
    expect(checks).toBe(1);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    // Hover and selection on grid rows: many class changes, no re-check.
    const rows = Array.from(document.querySelectorAll('[data-recordid]'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) row.classList.toggle('x-grid-row-over');
    await settle();
    expect(checks).toBe(1);
    // Hiding the element that holds the heading can change the answer: re-check.
    const { heading } = findApiKeysView(document)!;
    heading.parentElement!.classList.add('x-hidden');
    await settle();
    expect(checks).toBe(2);
    // Text and structure changes always count (a framework may render labels after their controls).
    rows[0]!.append('x');
    await settle();
    expect(checks).toBe(3);
    controller.abort();
  });
});
