/**
 * Catalogue entries (docs/rules-catalogue.md) that no rule judges, each with the reason: the
 * rule a user cannot find is the rule they assume we check, so `rules --all` and `explain` list
 * these beside the rules that run. The catalogue's own row gives the title, RFC and level; a
 * test checks that every catalogue ID is either a rule or here, never both and never neither.
 */
export type NotJudgedKind = 'capture cannot decide' | 'covered by';

export interface NotJudged {
  readonly kind: NotJudgedKind;
  readonly reason: string;
}

const cannot = (why: string): NotJudged => ({ kind: 'capture cannot decide', reason: why });
const covered = (rules: string, how: string): NotJudged => ({ kind: 'covered by', reason: `${rules}: ${how}` });

export const NOT_JUDGED: Readonly<Record<string, NotJudged>> = {
  'ADDR-005': cannot(
    'a link capture shows only circumstantial evidence (the same host sending DS-Lite and CLAT traffic); the overlap is inside one node (catalogue §5.2)',
  ),
  'NAT-017': cannot(
    'informational in the catalogue: whether mapping is protocol-dependent shows only when one internal endpoint uses several protocols to one remote, and RFC 7857 §5 leaves the choice to configuration',
  ),
  'NAT-018': cannot(
    'needs the subscriber identity behind B4 addresses (configuration); a capture sees a new B4 address, not that it is the same subscriber',
  ),
  'NAT-019': cannot(
    'configuration only (which traffic bypasses translation); without it bypassed traffic would read as NAT findings, so such traffic is to be excluded with --skip-rule or --b4',
  ),
  'B4-002': cannot(
    'informational: DNS over IPv6 happens outside the softwire, so the tunnel capture cannot show where names were resolved; UDP/53 inside the softwire is counted in the flows table',
  ),
  'B4-003': cannot(
    "needs a capture of the CPE's other interfaces (native IPv4 beside the softwire is not on the B4–AFTR link)",
  ),
  'B4-004': cannot(
    'DHCPv6 happens before and beside the softwire, usually on another link; a capture holding it is not read for options',
  ),
  'ADV-001': covered(
    'MTU-002',
    'the share of outer-fragmented packets per direction and the link MTU that would carry them whole',
  ),
  'ADV-002': covered(
    'MTU-001 and FRAG-002',
    'a tunnel MTU below what the link carries (fragments smaller than whole packets that cross)',
  ),
  'ADV-006': covered(
    'MTU-003 and ICMP-003',
    'a Packet Too Big not followed by smaller packets, and ICMPv4 errors not delivered into the softwire',
  ),
  'ADV-007': covered('TUN-005', 'the Tunnel Encapsulation Limit option and its 8 bytes of overhead'),
  'ADV-009': covered('FRAG-013 and MTU-002', 'the outer fragment sets the AFTR must reassemble and their sizes'),
  'ADV-010': covered('NAT-014 and FRAG-010', 'Identification reuse inside and outside the softwire'),
};
