// Date display in the Desktop: the modern layout shows DD/MM/YYYY (UK), the classic one "2 May 2027".
// Both accept ISO, DD/MM/YYYY and "2 May 2027" typed in; the API gets ISO.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function valid(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y, m, d) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parses what a user may type (or what the API sends); returns ISO or null. Blank gives ''. */
export function toIso(text) {
  const t = String(text ?? '').trim();
  if (t === '') return '';
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m && valid(+m[1], +m[2], +m[3])) return iso(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m && valid(+m[3], +m[2], +m[1])) return iso(+m[3], +m[2], +m[1]);
  m = /^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\s+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2].toLowerCase()) + 1;
    if (month > 0 && valid(+m[3], month, +m[1])) return iso(+m[3], month, +m[1]);
  }
  return null;
}

export function display(isoDate, layout) {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-').map(Number);
  if (layout === 'classic') return `${d} ${MONTHS[m - 1]} ${y}`;
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
