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
