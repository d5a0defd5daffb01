#!/bin/sh
# weir-window as a user runs it: rows through stdin or files, sorted output with fire_index,
# late rows, and a malformed row that stops it with exit status 2 and writes nothing.
# Expected rows are derived by hand (see window_job_test.cpp for the same derivations).
# Usage: weir_window_cli_test.sh path/to/weir-window
set -eu
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. stdin to stdout, tumbling 10 ms, 5 ms allowed lateness:
#    a,1 [0,10); a,12 wm 11 fires [0,10): 1; a,3 late firing: 5; a,15 wm 14 cleans [0,10) up;
#    a,5 late (5 + 5 <= 14) to --late-output; end fires [10,20): 2 + 64 = 66.
printf 'a,1,1\na,12,2\na,3,4\na,15,64\na,5,128\n' |
  "$bin" --assigner tumbling --size 10 --allowed-lateness-ms 5 --late-output "$dir/late.csv" \
  > "$dir/out.csv"
printf 'a,0,10,0,1\na,0,10,1,5\na,10,20,0,66\n' > "$dir/expected.csv"
cmp -s "$dir/out.csv" "$dir/expected.csv" || fail "stdin rows: $(cat "$dir/out.csv")"
printf 'a,5,128\n' > "$dir/expected_late.csv"
cmp -s "$dir/late.csv" "$dir/expected_late.csv" || fail "late rows: $(cat "$dir/late.csv")"

# 2. A file with a header, CRLF line ends and no final newline, to a file; count windows of 2:
#    b: 1 + 2 fires (n 0); a: 0.5 + 0.25 fires (n 0), then 1 + 1 (n 1); b's 4 never fires.
printf 'key,timestamp_ms,value\r\nb,1,1\r\na,2,0.5\r\nb,3,2\r\na,1,0.25\r\na,9,1\r\nb,4,4\r\na,0,1' \
  > "$dir/in.csv"
"$bin" --assigner count --size 2 --input "$dir/in.csv" --output "$dir/count.csv"
printf 'a,0,0,0,0.75\na,1,1,1,2\nb,0,0,0,3\n' > "$dir/expected_count.csv"
cmp -s "$dir/count.csv" "$dir/expected_count.csv" || fail "count rows: $(cat "$dir/count.csv")"

# 3. A malformed row on line 3: exit status 2, the line named, no output file.
status=0
printf 'a,1,1\na,2,2\na,three,3\na,4,4\n' |
  "$bin" --assigner tumbling --size 10 --output "$dir/bad.csv" 2> "$dir/err.txt" || status=$?
[ "$status" -eq 2 ] || fail "malformed row: exit status $status, not 2"
grep -q "line 3: timestamp_ms 'three' is not an integer" "$dir/err.txt" ||
  fail "malformed row message: $(cat "$dir/err.txt")"
[ ! -e "$dir/bad.csv" ] || fail "malformed row: --output was written"

echo "weir-window CLI: ok"
