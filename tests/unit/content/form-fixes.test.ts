// @vitest-environment happy-dom
/**
 * Fix application: IP fixes replace their finding's span only while it still holds what was analysed; every
 * engine fix applied in turn leaves a clean list; dates are written the way the page's date inputs read them;
 * values reach the page through the native setter and bubbling input/change events.
 */
import { describe, expect, it } from 'vitest';
import { analyzeIpList } from '../../../src/core/ip/index';
import { applySpanEdit, formatDateForPage, pageDateFormat } from '../../../src/content/form/fix-apply';
import { readControlValue, writeControlValue } from '../../../src/content/form/native-value';

describe('applySpanEdit', () => {
  it('replaces start..end of the current text', () => {
    expect(applySpanEdit('1.2.3.4; 5.6.7.8', { start: 7, end: 9, expected: '; ', replacement: ', ' })).toBe('1.2.3.4, 5.6.7.8');
    expect(applySpanEdit('1.2.3.4:443', { start: 7, end: 11, expected: ':443', replacement: '' })).toBe('1.2.3.4');
  });

  it('refuses a stale span (the admin typed since the analysis) and spans out of range', () => {
    expect(applySpanEdit('x1.2.3.4; 5.6.7.8', { start: 7, end: 9, expected: '; ', replacement: ', ' })).toBeNull();
    expect(applySpanEdit('1.2.3.4', { start: 5, end: 12, expected: '', replacement: '' })).toBeNull();
    expect(applySpanEdit('1.2.3.4', { start: 3, end: 2, expected: '', replacement: '' })).toBeNull();
  });

  it('applying the first fix of each error, re-analysing after each, ends with a list free of errors', () => {
    let text = '010.1.1.1; 192.168.1.0/24, 1.2.3.4:443, 10.0.0.5/24';
    for (let guard = 0; guard < 10; guard++) {
      const finding = analyzeIpList(text).findings.find((f) => f.severity === 'error' && f.fixes?.length);
      if (!finding) break;
      const next = applySpanEdit(text, { start: finding.start, end: finding.end, expected: text.slice(finding.start, finding.end), replacement: finding.fixes![0]!.replacement });
      expect(next).not.toBeNull();
      text = next!;
    }
    expect(text).toBe('10.1.1.1, 192.168.1.0/24, 1.2.3.4, 10.0.0.0/24');
    expect(analyzeIpList(text).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('dates for the page', () => {
  const input = (attrs: Record<string, string>) => {
    const el = document.createElement('input');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    return el;
  };

  it('reads the format from the placeholder, the input type, or the dates shown', () => {
    expect(pageDateFormat(input({ type: 'text', placeholder: 'DD/MM/YYYY' }), [])).toBe('day-month-year');
    expect(pageDateFormat(input({ type: 'text', placeholder: 'd Mon yyyy' }), [])).toBe('month-name');
    expect(pageDateFormat(input({ type: 'text', placeholder: 'YYYY-MM-DD' }), [])).toBe('iso');
    expect(pageDateFormat(input({ type: 'date' }), ['02/05/2027'])).toBe('iso');
    expect(pageDateFormat(input({ type: 'text' }), ['', '02/05/2027'])).toBe('day-month-year');
    expect(pageDateFormat(input({ type: 'text' }), ['2027-05-02'])).toBe('iso');
    expect(pageDateFormat(input({ type: 'text' }), ['next week'])).toBe('month-name');
  });

  it('writes the calendar date in that format', () => {
    expect(formatDateForPage('2027-05-02', 'day-month-year')).toBe('02/05/2027');
    expect(formatDateForPage('2027-05-02', 'month-name')).toBe('2 May 2027');
    expect(formatDateForPage('2027-05-02', 'iso')).toBe('2027-05-02');
  });
});

describe('writeControlValue', () => {
  it('uses the native setter (bypassing a framework’s instance property) and fires bubbling input then change', () => {
    const form = document.createElement('form');
    const textarea = document.createElement('textarea');
    form.append(textarea);
    document.body.replaceChildren(form);
    // A framework tracking value writes on the instance: the write must not go through it.
    const nativeGet = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.get!;
    const frameworkWrites: string[] = [];
    Object.defineProperty(textarea, 'value', {
      configurable: true,
      get() {
        return nativeGet.call(this);
      },
      set(v: string) {
        frameworkWrites.push(v);
      },
    });
    const events: string[] = [];
    form.addEventListener('input', (e) => events.push(`${e.type}:${(e.target as HTMLTextAreaElement).value}`));
    form.addEventListener('change', (e) => events.push(`${e.type}:${(e.target as HTMLTextAreaElement).value}`));
    writeControlValue(textarea, '81.2.69.10');
    expect(frameworkWrites).toEqual([]);
    expect(readControlValue(textarea)).toBe('81.2.69.10');
    expect(events).toEqual(['input:81.2.69.10', 'change:81.2.69.10']);
  });

  it('writes inputs and contenteditable elements too', () => {
    const field = document.createElement('input');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    document.body.replaceChildren(field, editable);
    let inputs = 0;
    editable.addEventListener('input', () => inputs++);
    writeControlValue(field, '2 May 2027');
    writeControlValue(editable, '1.2.3.4');
    expect(field.value).toBe('2 May 2027');
    expect(readControlValue(editable)).toBe('1.2.3.4');
    expect(inputs).toBe(1);
  });
});
