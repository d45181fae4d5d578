#!/bin/sh
# The shard figures of examples/README.md and docs/cli.md: one capture point checked whole and
# as exact shards (check --shard I/N, then merge of the states), the states' bytes per softwire,
# and the merge at 1,000, 100,000 and 1,000,000 softwires. Run after `npm run build` from the
# repository root; writes under a temporary directory (about 2.5 GB) and removes it.
. bench/figures-setup.sh
cd "$dir"
gen point.pcap 1000000 1000 6333
/usr/bin/time -f 'N = 1: 1M frames of 1,000 B4s, whole: %e s, %M KB peak' $check point.pcap -f json -o point.json --fail-on never --quiet
/usr/bin/time -f 'N = 2: the same as 2 shard processes at once, then merge: %e s' sh -c "
  $check point.pcap --shard 1/2 -o p1.state --quiet & $check point.pcap --shard 2/2 -o p2.state --quiet; wait
  $check merge p1.state p2.state -f json -o point2.json --fail-on never"
cmp point.json point2.json && echo 'the merge of the 2 states is the whole check, byte for byte'
for i in 1 2; do /usr/bin/time -f "shard $i/2 alone: %e s, %M KB peak" $check point.pcap --shard $i/2 -o p$i.state --quiet; done
/usr/bin/time -f 'merge of 2 states of 1,000 softwires: %e s, %M KB peak' $check merge p1.state p2.state -f json -o /dev/null --fail-on never
node -e "const fs = require('fs'); const n = JSON.parse(fs.readFileSync('point.json')).softwires.length;
  console.log('state bytes per softwire: ' + Math.round((fs.statSync('p1.state').size + fs.statSync('p2.state').size) / n) + ' (' + n + ' softwires)')"
gen many.pcap 1000000 100000 7
many="--max-softwires 2000000 --fail-on never --quiet"
/usr/bin/time -f 'N = 1: 1M frames of 100,000 B4s, whole: %e s, %M KB peak' $check many.pcap -f junit -o many.xml $many
for i in 1 2 3 4; do /usr/bin/time -f "shard $i/4: %e s, %M KB peak" $check many.pcap --shard $i/4 -o m$i.state $many; done
/usr/bin/time -f 'merge of 4 states of 100,000 softwires: %e s, %M KB peak' $check merge m1.state m2.state m3.state m4.state -f junit -o many4.xml --fail-on never
cmp many.xml many4.xml && echo 'the merge of the 4 states is the whole check, byte for byte'
node -e "const fs = require('fs'); const n = 100000; let bytes = 0; for (const i of [1, 2, 3, 4]) bytes += fs.statSync('m' + i + '.state').size;
  console.log('state bytes per softwire: ' + Math.round(bytes / n))"
# A million softwires: each state's softwires ten times over, the copies' B4s moved to other prefixes.
node -e "const fs = require('fs');
  for (const i of [1, 2, 3, 4]) {
    const s = JSON.parse(fs.readFileSync('m' + i + '.state'));
    const w = s.softwires;
    s.softwires = [];
    for (let r = 0; r < 10; r++) for (const x of w) s.softwires.push(r ? { ...x, b4: x.b4.replace(/^2001:db8:/, '2001:d' + (0xb80 + r).toString(16) + ':') } : x);
    s.b4s = s.softwires.map((x) => x.b4);
    fs.writeFileSync('x' + i + '.state', JSON.stringify(s));
  }"
/usr/bin/time -f 'merge of 4 states of 1,000,000 softwires (JUnit: JSON stops near 450,000): %e s, %M KB peak' $check merge x1.state x2.state x3.state x4.state -f junit -o /dev/null --fail-on never
