import { describe, expect, it } from 'vitest';
import type { Pair, Unpaired } from './correlate.js';
import { correlationEvents, hairpinEvents } from './correlation-events.js';
import type { EventSink, PipelineEvent } from './events.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import type { NatTable } from './nat.js';

/** A sink that records what it is handed. */
function recorder(): EventSink & { readonly events: PipelineEvent[] } {
  const events: PipelineEvent[] = [];
  return { events, dispatch: (e) => void events.push(e), handlers: () => [], enter: () => {} };
}

/** Stand-ins: the translation reads only identity and passes the datagrams through. */
const tunnel = { side: 'tunnel', dir: 'up', frames: [1] } as unknown as TunnelDatagram;
const other = { side: 'internet', frames: [2] } as unknown as Ip4Datagram;
const observation = { kind: 'up' } as never;

/** A NAT table that answers every question with a marker, and counts the calls. */
function natTable(): NatTable & { calls: string[] } {
  const calls: string[] = [];
  const answer = (name: string, value: unknown) => (): never => {
    calls.push(name);
    return value as never;
  };
  return {
    calls,
    up: answer('up', observation),
    down: answer('down', observation),
    undelivered: answer('undelivered', { kind: 'undelivered' }),
    unmapped: answer('unmapped', { kind: 'unmapped' }),
    tunnel: answer('tunnel', [{ kind: 'hairpin' }]),
    finishHairpins: answer('finishHairpins', [{ kind: 'hairpin' }, { kind: 'hairpin' }]),
  } as unknown as NatTable & { calls: string[] };
}

describe('correlation events', () => {
  it('a pair is a pair event, and on the Internet side what it tells of the NAT', () => {
    const sink = recorder();
    const nat = natTable();
    const ev = correlationEvents('internet', sink, nat);
    ev.onPair({ dir: 'up', tunnel, other, ambiguous: false } satisfies Pair);
    ev.onPair({ dir: 'down', tunnel, other, ambiguous: true } satisfies Pair);
    expect(sink.events.map((e) => e.type)).toEqual(['pair', 'nat', 'pair', 'nat']);
    expect(nat.calls).toEqual(['up', 'down']);
    expect(sink.events[2]).toMatchObject({ type: 'pair', side: 'internet', dir: 'down', ambiguous: true });
  });

  it('the LAN side tells nothing of the NAT', () => {
    const sink = recorder();
    const ev = correlationEvents('lan', sink, undefined);
    ev.onPair({ dir: 'up', tunnel, other, ambiguous: false });
    ev.onUnpaired({ origin: 'other', datagram: other, dir: 'down', inSpan: true });
    expect(sink.events.map((e) => e.type)).toEqual(['pair', 'unpaired']);
  });

  it('counts the unpaired inside both spans by capture and direction, and asks the NAT only about those', () => {
    const sink = recorder();
    const nat = natTable();
    const ev = correlationEvents('internet', sink, nat);
    const unpaired: Unpaired[] = [
      { origin: 'tunnel', datagram: tunnel, dir: 'up', inSpan: true },
      { origin: 'tunnel', datagram: tunnel, dir: 'down', inSpan: true },
      { origin: 'other', datagram: other, dir: 'up', inSpan: true },
      { origin: 'other', datagram: other, dir: undefined, inSpan: true },
      { origin: 'other', datagram: other, dir: 'down', inSpan: false },
    ];
    for (const u of unpaired) ev.onUnpaired(u);
    expect(ev.unpairedBy).toEqual({ tunnelUp: 1, tunnelDown: 1, otherUp: 1, otherDown: 0, otherUnknown: 1 });
    expect(sink.events.map((e) => e.type)).toEqual([
      'unpaired',
      'nat-unmapped',
      'unpaired',
      'unpaired',
      'nat-undelivered',
      'unpaired',
      'nat-undelivered',
      'unpaired',
    ]);
    expect(nat.calls).toEqual(['unmapped', 'undelivered', 'undelivered']);
  });

  it('hairpins: each tunnel datagram offered to the table, and the ones still open at the end', () => {
    const sink = recorder();
    const nat = natTable();
    const h = hairpinEvents(nat, sink);
    h.tunnel(tunnel);
    h.finish();
    expect(sink.events.map((e) => e.type)).toEqual(['nat-hairpin', 'nat-hairpin', 'nat-hairpin']);
  });
});
