// The characters XML 1.0 forbids are control characters: matching them is the point.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** XML text and attribute escaping; characters XML 1.0 forbids (C0 controls but tab, LF, CR) are dropped. */
export function xml(s: string | number): string {
  return String(s)
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `<name a="1" b="x">` with escaped attribute values (undefined ones left out). */
export function tag(name: string, attrs: Readonly<Record<string, string | number | undefined>>, close = false): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xml(v!)}"`)
    .join('');
  return `<${name}${a}${close ? '/>' : '>'}`;
}
