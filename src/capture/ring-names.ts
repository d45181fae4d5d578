import { basename, dirname } from 'node:path';

/**
 * The names capture tools give the files of one rotated capture, so such a set is read as one
 * capture without being told (`--sequence` forces it, `--no-sequence` turns it off):
 *
 *   - dumpcap -b and editcap -c: `prefix_00001_20261207220000.pcapng` (a counter of five or
 *     more digits, then the date and time);
 *   - tcpdump -C and -W: the `-w` name itself, then the name with a counter appended
 *     (`trace.pcap`, `trace.pcap1`, `trace.pcap2`; with -W every file has one);
 *   - tcpdump -G: the `-w` name's strftime fields filled in (`dump-20261207-2200.pcap`): names
 *     that differ only in their digits and carry a date.
 *
 * Each form yields a stem the files of one set share; other names yield none.
 */
type Form = 'dumpcap' | 'tcpdump-C' | 'tcpdump-G';

const DUMPCAP = /^(.*)_\d{5,}_\d{14}(\.[^.]*(?:\.gz)?)?$/;
/** A counter appended to a name that ends in a capture extension (tcpdump appends after the whole `-w` name). */
const APPENDED = /^(.*\.(?:pcap|pcapng|cap|dmp)(?:\.gz)?)(\d*)$/;
/** A date as strftime writes it with %Y%m%d or %F. */
const DATE = /(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])/;

function stemOf(path: string, form: Form): string | undefined {
  const name = basename(path);
  const dir = dirname(path);
  switch (form) {
    case 'dumpcap': {
      const m = DUMPCAP.exec(name);
      return m ? `${dir}/${m[1]}${m[2] ?? ''}` : undefined;
    }
    case 'tcpdump-C': {
      const m = APPENDED.exec(name);
      return m ? `${dir}/${m[1]}` : undefined;
    }
    case 'tcpdump-G':
      return DATE.test(name) ? `${dir}/${name.replace(/\d+/g, '#')}` : undefined;
  }
}

const FORMS: readonly Form[] = ['dumpcap', 'tcpdump-C', 'tcpdump-G'];

/** The form when `paths` (two or more, all files) are one rotated capture by their names, or undefined. */
export function ringForm(paths: readonly unknown[]): Form | undefined {
  if (paths.length < 2 || !paths.every((p): p is string => typeof p === 'string' && p !== '-')) return undefined;
  if (new Set(paths).size !== paths.length) return undefined;
  return FORMS.find((form) => {
    const stems = new Set(paths.map((p) => stemOf(p, form)));
    return stems.size === 1 && !stems.has(undefined);
  });
}

/** Wildcards a side capture's pattern may hold (in its last path part only). */
const WILDCARD = /[*?[]/;

export const isPattern = (path: string): boolean => WILDCARD.test(basename(path));

/**
 * The files a quoted pattern names (`--internet 'inet/trace.pcap*'`: one capture point's ring
 * buffer), sorted; wildcards `*`, `?` and `[…]` in the last path part only, as a shell matches
 * them (a leading dot is matched only by a dot). Node 20 has no glob in node:fs, and one path
 * part needs no library.
 */
export function matchPattern(pattern: string, list: (dir: string) => string[]): string[] {
  const dir = dirname(pattern);
  const name = basename(pattern);
  let re = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = name.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const set = name.slice(i + 1, end);
        re += `[${set.startsWith('!') ? `^${set.slice(1)}` : set.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`);
  return list(dir)
    .filter((f) => rx.test(f) && (!f.startsWith('.') || name.startsWith('.')))
    .sort()
    .map((f) => (dir === '.' && !pattern.startsWith('./') ? f : `${dir}/${f}`));
}
