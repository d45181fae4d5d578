import type { Rule } from './types.js';
import { frameText } from './words.js';

/** NAT-016: the AFTR's mapping and filtering behaviour stays the same over the capture (RFC 4787 REQ-11). */
export const rule: Rule = {
  meta: {
    id: 'NAT-016',
    title: 'NAT behaviour deterministic over the capture',
    docs: 'with `--internet`: mapping both endpoint-independent and destination-dependent, or filtering both delivering and dropping datagrams from uncontacted remotes, in one capture (`likely`: a restart or quota exhaustion looks the same)',
    rfc: [{ document: '4787', section: 'REQ-11' }],
    level: 'MUST',
    kind: 'heuristic',
    needs: ['tunnel', 'internet'],
    defaultSeverity: 'error',
    messages: {
      mapping:
        'the AFTR mapped some internal endpoints independently of the destination ({eim} time(s), e.g. frames {eimFrames}) and others per destination ({dependent} time(s), e.g. frames {dependentFrames}): a NAT must not change its mapping behaviour (RFC 4787 REQ-11)',
      filtering:
        'the AFTR delivered {delivered} datagram(s) from remotes a binding had not contacted (e.g. frames {deliveredFrames}) and dropped {dropped} (e.g. frames {droppedFrames}): a NAT must not change its filtering behaviour (RFC 4787 REQ-11)',
    },
  },
  create(context) {
    const seen = { eim: 0, dependent: 0, delivered: 0, dropped: 0 };
    const frames = {
      eim: [] as number[],
      dependent: [] as number[],
      delivered: [] as number[],
      dropped: [] as number[],
    };
    const note = (k: keyof typeof seen, f: readonly number[]): void => {
      seen[k]++;
      if (frames[k].length < 8) frames[k].push(...f);
    };
    let input = 0;
    let otherInput = 1;
    return {
      nat(e) {
        const n = e.nat;
        input = e.pair.tunnel.input;
        otherInput = e.pair.other.input;
        if (n.kind === 'up') {
          if (n.newRemote) note('eim', e.pair.tunnel.frames);
          if (n.created && n.sameKeyOther) note('dependent', e.pair.tunnel.frames);
        } else if (n.owner && !n.error && !n.contacted) note('delivered', e.pair.other.frames);
      },
      'nat-undelivered'(e) {
        if (!e.nat.contacted) note('dropped', e.nat.datagram.frames);
      },
      'correlation-end'(e) {
        if (e.side !== 'internet') return;
        // Quota exhaustion and restarts also change what is seen: a heuristic, `likely`.
        if (seen.eim && seen.dependent)
          context.report({
            messageId: 'mapping',
            data: {
              eim: seen.eim,
              eimFrames: frameText(frames.eim),
              dependent: seen.dependent,
              dependentFrames: frameText(frames.dependent),
            },
            frames: [...frames.eim, ...frames.dependent].sort((a, b) => a - b),
            input,
            confidence: 'likely',
          });
        if (seen.delivered && seen.dropped)
          context.report({
            messageId: 'filtering',
            data: {
              delivered: seen.delivered,
              deliveredFrames: frameText(frames.delivered),
              dropped: seen.dropped,
              droppedFrames: frameText(frames.dropped),
            },
            frames: [...frames.delivered, ...frames.dropped].sort((a, b) => a - b),
            input: otherInput,
            confidence: 'likely',
          });
      },
    };
  },
};
