#!/bin/sh
# The figures of examples/README.md: checks of several capture points one after another and
# with GNU parallel, each check's report size per softwire, and the merge at growing numbers
# of softwires. Run after `npm run build` from the repository root; writes under a temporary
# directory (about 1.5 GB) and removes it.
. bench/figures-setup.sh
for i in 1 2 3 4; do gen "$dir/cap$i.pcap" 500000 1000 "$i"; echo "$dir/cap$i.pcap"; done >"$dir/captures.list"
gen "$dir/wide.pcap" 200000 8000 9
cd "$dir"
mkdir -p one two many
/usr/bin/time -f 'N = 1, 4 checks one after another and merge: %e s' sh -c "
  i=0; while read f; do i=\$((i + 1)); $check \$f -f json -o one/part-\$i.json --fail-on never --quiet; done <captures.list
  $check merge one/part-*.json -f json -o one.json --fail-on error || true"
/usr/bin/time -f 'N = 2, the same with GNU parallel -j 2: %e s' sh -c "
  parallel --will-cite -j 2 '$check {} -f json -o two/part-{#}.json --fail-on never --quiet' :::: captures.list
  $check merge two/part-*.json -f json -o two.json --fail-on error || true"
cmp one.json two.json && echo 'the two merged reports are identical'
/usr/bin/time -f 'one check of 500,000 frames: %e s, %M KB peak' $check cap1.pcap -f json -o /dev/null --fail-on never
$check wide.pcap -f json -o wide.json --fail-on never
for f in one/part-1.json wide.json; do
  node -e "const r = JSON.parse(require('fs').readFileSync('$f')); console.log('$f: ' + Math.round(require('fs').statSync('$f').size / r.softwires.length) + ' bytes per softwire (' + r.softwires.length + ')')"
done
for n in 1 16 64; do
  for i in $(seq 1 "$n"); do cp wide.json "many/w$(printf %03d "$i").json"; done
  /usr/bin/time -f "merge of $n reports of 8,000 softwires: %e s, %M KB peak" $check merge many/*.json -f json -o merged.json --fail-on never || true
done
