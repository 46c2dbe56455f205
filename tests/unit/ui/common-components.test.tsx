// @vitest-environment happy-dom
/**
 * The shared panel components and helpers other features import: findings (order, counts), FindingList with Fix
 * buttons, the summary live region, the severity dot's words, the progress bar's values, the settings → engine
 * mappings, IP fixes that survive typing after the analysis, the user-status warnings, and the debounce hooks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';

vi.mock('../../../src/platform/i18n', async () => (await import('../../support/i18n-mocks')).echoI18n());

import { countBySeverity, sortBySeverity, worstSeverity, type DisplayFinding } from '../../../src/ui/common/findings';
import { FindingList } from '../../../src/ui/common/FindingList';
import { FindingSummary } from '../../../src/ui/common/FindingSummary';
import { SeverityDot } from '../../../src/ui/common/SeverityChip';
import { ProgressBar } from '../../../src/ui/common/ProgressBar';
import { applyIpFixTo, ipOptionsFromSettings, userStatusFinding, validityDisplayFindings, validityThresholdsFromSettings } from '../../../src/ui/common/key-checks';
import { useDebouncedCallback, useDebouncedValue } from '../../../src/ui/common/use-debounced';
import { analyzeIpList } from '../../../src/core/ip';
import { analyzeValidity } from '../../../src/core/dates';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const finding = (id: string, severity: DisplayFinding['severity'], fixes?: DisplayFinding['fixes']): DisplayFinding => ({ id, severity, message: `message ${id}`, code: id, ...(fixes ? { fixes } : {}) });

describe('findings', () => {
  it('count, rank and sort (stable within a severity)', () => {
    const list = [finding('a', 'info'), finding('b', 'error'), finding('c', 'warning'), finding('d', 'error')];
    expect(countBySeverity(list)).toEqual({ error: 2, warning: 1, info: 1 });
    expect(worstSeverity(list)).toBe('error');
    expect(worstSeverity([])).toBeNull();
    expect(sortBySeverity(list).map((f) => f.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});

describe('FindingList', () => {
  it('renders most severe first, with words for the severity, and Fix buttons that apply their fix', async () => {
    const apply = vi.fn();
    await act(() => render(<FindingList id="list-id" testId="list" findings={[finding('w', 'warning'), finding('e', 'error', [{ label: 'Use a comma', apply }])]} />, container));
    const items = Array.from(container.querySelectorAll('li'));
    expect(items.map((li) => li.getAttribute('data-code'))).toEqual(['e', 'w']);
    expect(items[0]!.textContent).toContain('commonSeverityError');
    expect(items[0]!.textContent).toContain('message e');
    const button = items[0]!.querySelector('button')!;
    expect(button.textContent).toBe('Use a comma');
    expect(button.getAttribute('type')).toBe('button');
    await act(() => button.click());
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('keeps its container (for aria-describedby) even when empty', async () => {
    await act(() => render(<FindingList id="empty-id" testId="list" findings={[]} />, container));
    expect(container.querySelector('#empty-id')).not.toBeNull();
    expect(container.querySelectorAll('li')).toHaveLength(0);
  });

  it('renders hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await act(() => render(<FindingList findings={[{ id: 'x', severity: 'error', message: hostile }]} />, container));
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain(hostile);
  });
});

describe('FindingSummary', () => {
  it('is a polite status region with the counts', async () => {
    await act(() => render(<FindingSummary testId="s" findings={[finding('a', 'error'), finding('b', 'warning'), finding('c', 'warning')]} />, container));
    const summary = container.querySelector('[data-testid="s"]')!;
    expect(summary.getAttribute('role')).toBe('status');
    expect(summary.getAttribute('aria-live')).toBe('polite');
    expect(summary.textContent).toBe('commonSummaryCounts(1|2|0)');
    await act(() => render(<FindingSummary testId="s" findings={[]} />, container));
    expect(container.querySelector('[data-testid="s"]')!.textContent).toBe('commonSummaryClean');
  });
});

describe('SeverityDot and ProgressBar', () => {
  it('the dot carries its meaning in words; "no problems" for null', async () => {
    await act(() => render(<SeverityDot severity={null} />, container));
    expect(container.querySelector('.wbka-sr-only')!.textContent).toBe('commonSeverityNone');
    expect(container.querySelector('.wbka-dot')!.getAttribute('aria-hidden')).toBe('true');
  });

  it('the progress bar exposes its values, and is indeterminate without a total', async () => {
    await act(() => render(<ProgressBar label="Loading keys" value={30} max={120} />, container));
    const bar = container.querySelector('[role="progressbar"]')!;
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-label')]).toEqual(['30', '120', 'Loading keys']);
    await act(() => render(<ProgressBar label="Loading keys" value={30} max={null} />, container));
    expect(container.querySelector('[role="progressbar"]')!.hasAttribute('aria-valuenow')).toBe(false);
  });
});

describe('key checks', () => {
  it('map the admin’s settings onto the engines', () => {
    expect(ipOptionsFromSettings({ ...DEFAULT_SETTINGS, hugeRangeIpv4Prefix: 20 })).toEqual({ hugeRangeIpv4Prefix: 20, hugeRangeIpv6Prefix: 48 });
    expect(validityThresholdsFromSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: 21, maxLifetimeDays: 60 })).toEqual({ expiryWarningDays: 21, expiryInfoDays: 30, lifetimeWarningDays: 60, lifetimeInfoDays: 60 });
    // A stricter lifetime setting really changes the verdict.
    const options = { today: '2027-01-15', isNew: true, thresholds: validityThresholdsFromSettings({ ...DEFAULT_SETTINGS, maxLifetimeDays: 60 }) };
    const verdict = analyzeValidity({ validFrom: null, until: '2027-04-01' }, options).findings.find((f) => f.code === 'lifetime-long');
    expect(verdict?.severity).toBe('warning');
  });

  it('an IP fix lands on the right entry even when the admin typed after the analysis', () => {
    const analysed = '81.2.69.10-20; 81.2.70.1';
    const range = analyzeIpList(analysed).findings.find((f) => f.code === 'range')!;
    expect(applyIpFixTo(analysed, analysed, range, 0, {})).toBe('81.2.69.10/31, 81.2.69.12/30, 81.2.69.16/30, 81.2.69.20; 81.2.70.1');
    // Typed at the front since: offsets moved, the fix follows the entry.
    expect(applyIpFixTo(`81.2.71.1, ${analysed}`, analysed, range, 0, {})).toBe('81.2.71.1, 81.2.69.10/31, 81.2.69.12/30, 81.2.69.16/30, 81.2.69.20; 81.2.70.1');
    // The entry is gone: nothing is rewritten.
    expect(applyIpFixTo('81.2.70.1', analysed, range, 0, {})).toBeNull();
  });

  it('date fixes write their field, and a swap writes both', () => {
    const write = vi.fn();
    const analysis = analyzeValidity({ validFrom: '1 Mar 2027', until: '1 Feb 2027' }, { today: '2027-01-15', isNew: true });
    const untilFindings = validityDisplayFindings(analysis.findings, 'until', write);
    const swap = untilFindings.find((f) => f.code === 'until-before-from')!;
    swap.fixes![0]!.apply();
    expect(write).toHaveBeenCalledWith({ until: '1 Mar 2027', validFrom: '1 Feb 2027' });
    expect(validityDisplayFindings(analysis.findings, 'validFrom', write).map((f) => f.code)).toEqual(['starts-in-future']);
  });

  it('user warnings: each status with its severity; unknown is a warning, never nothing; ok is nothing', () => {
    expect(userStatusFinding(null, 'deleted', null)).toMatchObject({ severity: 'error', code: 'user-not-set' });
    expect(userStatusFinding(4, 'login-disabled', 'Dee')).toMatchObject({ severity: 'error', code: 'user-login-disabled' });
    expect(userStatusFinding(4, 'no-edition', 'Dee')?.message).toContain('No Edition (login denied)');
    expect(userStatusFinding(4, 'deleted', null)?.message).toContain('user 4');
    const unknown = userStatusFinding(4, 'unknown', 'Dee', 'no permission');
    expect(unknown).toMatchObject({ severity: 'warning', code: 'user-unknown' });
    expect(unknown?.message).toContain('no permission');
    expect(userStatusFinding(4, 'ok', 'Dee')).toBeNull();
  });
});

describe('debounce hooks', () => {
  it('a debounced value follows after quiet; a debounced call can be flushed and is flushed on unmount when asked', async () => {
    const seen: string[] = [];
    const calls: string[] = [];
    let setText: (value: string) => void = () => undefined;
    let flush: () => void = () => undefined;
    function Probe({ text, flushOnUnmount }: { text: string; flushOnUnmount: boolean }) {
      const settled = useDebouncedValue(text, 20);
      seen.push(settled);
      const call = useDebouncedCallback((value: string) => calls.push(value), 20, flushOnUnmount);
      setText = (value) => call(value);
      flush = call.flush;
      return null;
    }
    await act(() => render(<Probe text="a" flushOnUnmount />, container));
    await act(() => render(<Probe text="ab" flushOnUnmount />, container));
    expect(seen.at(-1)).toBe('a');
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60));
    });
    expect(seen.at(-1)).toBe('ab');

    setText('one');
    setText('two');
    flush();
    expect(calls).toEqual(['two']);
    setText('three');
    await act(() => render(null, container));
    expect(calls).toEqual(['two', 'three']);
  });
});
