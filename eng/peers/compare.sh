#!/usr/bin/env bash
# Side by side: SL0004 against the peers that also flag blocking calls in async code (CA1849 from the SDK's
# NetAnalyzers, VSTHRD103 from Microsoft.VisualStudio.Threading.Analyzers, MA0042 from Meziantou.Analyzer).
#
# Builds one throw-away project per analyzer over the same case files (eng/peers/cases, lines that should be
# flagged end in "// expect: SL0004"), prints which analyzer flags which line with TP/FP/FN totals, then runs
# each analyzer's code fix through `dotnet format analyzers` on a copy and reports what the fix did.
#
#   bash eng/peers/compare.sh [--no-fix] [--out DIR]
#     --no-fix   only the detection table
#     --out DIR  keep the projects, build logs and fix diffs in DIR (default: a temp folder, deleted)
set -euo pipefail

usage="usage: bash eng/peers/compare.sh [--no-fix] [--out DIR]"
die() { echo "compare.sh: $*" >&2; exit 2; }
fix=1 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-fix) fix=0 ;;
    --out) [ $# -ge 2 ] && [ -n "$2" ] || die "--out needs a directory ($usage)"; out=$2; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) die "unknown argument '$1' ($usage)" ;;
  esac
  shift
done

command -v dotnet >/dev/null || die "dotnet is not on PATH"
repo=$(cd "$(dirname "$0")/../.." && pwd)
cases="$repo/eng/peers/cases"
[ -d "$cases" ] || die "no case files in $cases"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
VSTHRD_VERSION=18.12.1
MEZIANTOU_VERSION=3.0.321
STEP_LIMIT=300    # seconds for any one dotnet command
TOTAL_LIMIT=900   # seconds for the whole run
IDS="SL0004 CA1849 VSTHRD103 MA0042"

if [ -n "$out" ]; then
  mkdir -p "$out" || die "cannot create --out directory '$out'"
  work=$(cd "$out" && pwd)
  [ -z "$(ls -A "$work")" ] || die "--out directory '$out' is not empty"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

# Every dotnet call is bounded, and so is the run as a whole.
run() {
  local left=$((TOTAL_LIMIT - SECONDS))
  [ "$left" -gt 0 ] || { echo "compare.sh: over the ${TOTAL_LIMIT}s budget, stopping" >&2; exit 1; }
  [ "$left" -lt "$STEP_LIMIT" ] || left=$STEP_LIMIT
  timeout --kill-after=10 "$left" "$@"
}

# A throw-away project root: empty Directory.Build.* so nothing above it (this repo's props included) applies.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$work/$f"; done

echo "== packing SocketLint from $repo/src" >&2
run dotnet pack "$repo/src/SocketLint.CodeFixes" -c Release -o "$work/feed" -nologo -v:q > "$work/pack.log" 2>&1 \
  || { cat "$work/pack.log" >&2; echo "compare.sh: dotnet pack failed" >&2; exit 1; }
package=$(ls "$work/feed"/SocketLint.*.nupkg | head -n 1)
sl_version=$(basename "$package" .nupkg); sl_version=${sl_version#SocketLint.}

# Package sources: the freshly packed SocketLint, the machine's package cache (so the peers restore offline when
# they are there already), then the configured default source.
source_url=$(dotnet nuget list source --format short 2>/dev/null | awk '/^E/ {print $2; exit}')
cache_source=""
[ -d "$HOME/.nuget/packages" ] && cache_source="<add key=\"cache\" value=\"$HOME/.nuget/packages\" />"
cat > "$work/nuget.config" <<XML
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    $cache_source
    <add key="default" value="${source_url:-https://api.nuget.org/v3/index.json}" />
  </packageSources>
</configuration>
XML

# The csproj template: one project per analyzer, each with only its own rule raised to warning.
make_project() { # id dir [no-top-level]
  local id=$1 dir=$2 variant=${3:-} props="" items="" output=Exe
  case "$id" in
    SL0004) items="<PackageReference Include=\"SocketLint\" Version=\"$sl_version\" PrivateAssets=\"all\" />"
            # its own package folder: a SocketLint $sl_version already in the machine's cache must not win
            props="<RestorePackagesPath>$work/packages</RestorePackagesPath>" ;;
    CA1849) props="<AnalysisLevel>latest</AnalysisLevel><EnableNETAnalyzers>true</EnableNETAnalyzers>" ;;
    VSTHRD103) items="<PackageReference Include=\"Microsoft.VisualStudio.Threading.Analyzers\" Version=\"$VSTHRD_VERSION\" PrivateAssets=\"all\" />" ;;
    MA0042) items="<PackageReference Include=\"Meziantou.Analyzer\" Version=\"$MEZIANTOU_VERSION\" PrivateAssets=\"all\" />" ;;
  esac
  mkdir -p "$dir"
  cp "$cases"/*.cs "$dir/"
  if [ "$variant" = no-top-level ]; then rm "$dir/Program.cs"; output=Library; fi
  cat > "$dir/peer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>$output</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    $props
  </PropertyGroup>
  <ItemGroup>
    $items
  </ItemGroup>
</Project>
XML
  cat > "$dir/.editorconfig" <<INI
root = true

[*.cs]
dotnet_diagnostic.$id.severity = warning
INI
  [ "$id" != SL0004 ] || printf 'dotnet_diagnostic.SL0001.severity = none\ndotnet_diagnostic.SL0002.severity = none\ndotnet_diagnostic.SL0003.severity = none\n' >> "$dir/.editorconfig"
}

# "File.cs:LINE" for each diagnostic ID in a build log.
findings() { # log id
  { grep -oE "[^/ ]+\.cs\([0-9]+,[0-9]+\): (warning|error) $2:" "$1" || true; } \
    | sed -E 's#^([^()]+)\(([0-9]+),[0-9]+\).*#\1:\2#' | sort -u
}

build() { # dir log -> exit code
  (cd "$1" && run dotnet build --no-incremental -nologo -clp:NoSummary > "$2" 2>&1)
}

# --- detection -----------------------------------------------------------------------------------------------
declare -A hit
for id in $IDS; do
  echo "== building the cases with $id" >&2
  dir="$work/$id"
  make_project "$id" "$dir"
  build "$dir" "$work/$id.build.log" || { tail -n 30 "$work/$id.build.log" >&2; echo "compare.sh: the cases do not build with $id" >&2; exit 1; }
  findings "$work/$id.build.log" "$id" > "$work/$id.found"
  while read -r loc; do [ -n "$loc" ] && hit["$id|$loc"]=1; done < "$work/$id.found"
done

(cd "$cases" && grep -nE '// expect: SL0004[[:space:]]*$' *.cs | cut -d: -f1,2) | sort -u > "$work/expected"
(cd "$cases" && grep -nE '// negative' *.cs | cut -d: -f1,2) | sort -u > "$work/negative"
cat "$work/expected" "$work/negative" "$work"/*.found | sort -t: -k1,1 -k2,2n -u > "$work/rows"
declare -A expected
while read -r loc; do expected["$loc"]=1; done < "$work/expected"

declare -A tp fp fn
for id in $IDS; do tp[$id]=0 fp[$id]=0 fn[$id]=0; done
echo
echo "| Case line | Expected | SL0004 | CA1849 | VSTHRD103 | MA0042 | Code |"
echo "|---|---|---|---|---|---|---|"
while read -r loc; do
  file=${loc%%:*} line=${loc##*:}
  code=$(sed -n "${line}p" "$cases/$file" | sed -E 's#[[:space:]]*//.*$##; s#^[[:space:]]+##; s#\|#\\|#g')
  [ ${#code} -le 60 ] || code="${code:0:57}..."
  want=${expected[$loc]:-}
  row="| $loc | $([ -n "$want" ] && echo yes || echo no) |"
  for id in $IDS; do
    if [ -n "${hit[$id|$loc]:-}" ]; then
      if [ -n "$want" ]; then row+=" hit |"; tp[$id]=$((tp[$id] + 1)); else row+=" **FP** |"; fp[$id]=$((fp[$id] + 1)); fi
    else
      if [ -n "$want" ]; then row+=" miss |"; fn[$id]=$((fn[$id] + 1)); else row+=" · |"; fi
    fi
  done
  echo "$row \`$code\` |"
done < "$work/rows"
total=$(wc -l < "$work/expected")
row_tp="| **TP** (of $total marked) | |" row_fp="| **FP** | |" row_fn="| **FN** | |"
for id in $IDS; do row_tp+=" ${tp[$id]} |"; row_fp+=" ${fp[$id]} |"; row_fn+=" ${fn[$id]} |"; done
printf '%s |\n%s |\n%s |\n' "$row_tp" "$row_fp" "$row_fn"

[ "$fix" = 1 ] || exit 0

# --- fixes ---------------------------------------------------------------------------------------------------
# Marked lines of a file, in order: the markers survive a fix as trailing comments, so the i-th marked line
# before a fix is the i-th marked line after it.
marked() { grep -nE '// expect: SL0004[[:space:]]*$' "$1" | cut -d: -f1 || true; }
leading() { sed -n "$2p" "$1" | sed -E 's/^([[:space:]]*).*/\1/'; }
tree_hash() { cat "$1"/*.cs | md5sum; }
# Lines the fix only re-indented: a removed and an added line that differ in their leading whitespace alone.
reindented() { # before after
  { diff "$1" "$2" || true; } | awk '
    /^< / { t = substr($0, 3); k = t; sub(/^[ \t]+/, "", k); removed[k] = t; next }
    /^> / { t = substr($0, 3); k = t; sub(/^[ \t]+/, "", k); if (k != "" && (k in removed) && removed[k] != t) n++ }
    END { print n + 0 }'
}
# Compiler warnings (CSxxxx) a fix brought in, as "CS8321 +1": a fix that builds may still have broken the code.
cs_warnings() { # log dir
  { grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): warning CS[0-9]+' "$1" || true; } | sort -u \
    | while read -r w; do [ -f "$2/${w%%(*}" ] && echo "${w##* }"; done | sort | uniq -c | awk '{print $2, $1}'
}
new_compiler_warnings() { # before-log after-log dir
  join -a 2 -e 0 -o '0,1.2,2.2' <(cs_warnings "$1" "$3") <(cs_warnings "$2" "$3") \
    | awk '$3 > $2 { printf "%s%s +%d", sep, $1, $3 - $2; sep = ", " }'
}
# What a fix wrote for the statement on marked line b (a after the fix): its continuation lines and any statement the
# fix inserted after it, up to the next original line or the next marked line.
fixed_statement() { # before b after a
  local end=$2 next j line
  while [ "$end" -lt $(($2 + 10)) ] && ! sed -n "${end}p" "$1" | grep -q ';'; do end=$((end + 1)); done
  next=$(sed -n "$((end + 1))p" "$1")
  for ((j = $4; j < $4 + 10; j++)); do
    line=$(sed -n "${j}p" "$3")
    if [ "$j" -gt "$4" ] && { [ "$line" = "$next" ] || grep -q 'expect: SL0004' <<<"$line"; }; then break; fi
    echo "$line"
  done
}
blank_lines() { grep -c '^[[:space:]]*$' "$1" || true; }

format_pass() { # id dir log -> 0 ok, 1 failed
  (cd "$2" && run dotnet format analyzers peer.csproj --diagnostics "$1" --severity warn --no-restore -v:n >> "$3" 2>&1)
}

# One row of the fix table for the project in dir, after its fix ran.
measure() { # id dir label format-status
  local id=$1 dir=$2 label=$3 format_status=$4 build_status errors builds
  set +e
  build "$dir" "$dir.after.log"; build_status=$?
  set -e
  errors=$({ grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): error [A-Z]+[0-9]+' "$dir.after.log" || true; } | sort -u | wc -l)
  findings "$dir.after.log" "$id" > "$dir.after.found"
  builds=$([ "$build_status" = 0 ] && echo yes || echo "**no** ($errors errors)")
  local new_warnings; new_warnings=$(new_compiler_warnings "$work/$id.build.log" "$dir.after.log" "$dir")
  [ -z "$new_warnings" ] || builds+=", new warnings: $new_warnings"

  local flagged=0 fixed=0 token=0 marked_reindented=0 other_reindented=0 blanks=0 lf_total=0 lf_fixed=0
  local file name after b a i in_lf old new next_new lf_start lf_end
  for file in "$cases"/*.cs; do
    name=$(basename "$file") after="$dir/$name"
    [ -f "$after" ] || continue
    mapfile -t before_lines < <(marked "$file")
    mapfile -t after_lines < <(marked "$after")
    [ "${#before_lines[@]}" = "${#after_lines[@]}" ] || { echo "compare.sh: the $id fix dropped markers in $name; it is left out of the counts" >&2; continue; }
    other_reindented=$((other_reindented + $(reindented "$file" "$after")))
    blanks=$((blanks + $(blank_lines "$after") - $(blank_lines "$file")))
    lf_start=$(grep -n '// begin: local function of the top-level program' "$file" | cut -d: -f1 || true)
    lf_end=$(grep -n '// end: local function of the top-level program' "$file" | cut -d: -f1 || true)
    for i in "${!before_lines[@]}"; do
      b=${before_lines[$i]} a=${after_lines[$i]}
      in_lf=0
      if [ -n "$lf_start" ] && [ "$b" -gt "$lf_start" ] && [ "$b" -lt "$lf_end" ]; then in_lf=1; lf_total=$((lf_total + 1)); fi
      [ -n "${hit[$id|$name:$b]:-}" ] || continue
      flagged=$((flagged + 1))
      old=$(sed -n "${b}p" "$file") new=$(sed -n "${a}p" "$after")
      # fixed: the line was rewritten and the analyzer no longer flags it
      { [ "$old" != "$new" ] && ! grep -qx "$name:$a" "$dir.after.found"; } || continue
      fixed=$((fixed + 1)); [ "$in_lf" = 0 ] || lf_fixed=$((lf_fixed + 1))
      [ "$(leading "$file" "$b")" = "$(leading "$after" "$a")" ] || marked_reindented=$((marked_reindented + 1))
      if grep -qE '\bct\b' <<<"$(fixed_statement "$file" "$b" "$after" "$a")"; then token=$((token + 1)); fi
    done
  done
  local lf="$lf_fixed of $lf_total"; [ "$lf_total" -gt 0 ] || lf="n/a"
  local status=""; [ "$format_status" = 0 ] || status=" (dotnet format failed)"
  if grep -q "Failed to apply code fix" "$dir.format.log"; then
    status+="; dotnet format: \"$(grep -m1 -o 'Failed to apply code fix.*' "$dir.format.log" | sed -E 's/[[:space:]]+$//')\""
  fi
  echo "| $label$status | $builds | $fixed of $flagged | $token of $fixed | $marked_reindented marked + $other_reindented other lines re-indented; blank lines +$blanks | $lf |"
}

echo
echo "| Fix (\`dotnet format analyzers --diagnostics ID --severity warn\`) | Builds after | Marked lines fixed (of flagged) | Passes \`ct\` in scope (of fixed) | Layout | Local function of top-level program |"
echo "|---|---|---|---|---|---|"
diffs="$work/fix.diff"; : > "$diffs"
keep_diff() { # title dir
  echo "### $1" >> "$diffs"
  { diff -ru -x bin -x obj -x '*.csproj' -x .editorconfig "$cases" "$2" || true; } \
    | sed -E "s#^(diff|Only in) .*##; s#^(---|\+\+\+) ($cases|$2)/([^[:space:]]+).*#\1 \3#; /^$/d" >> "$diffs"
}
for id in $IDS; do
  dir="$work/$id"
  echo "== dotnet format analyzers --diagnostics $id" >&2
  : > "$dir.format.log"
  before=$(tree_hash "$dir")
  status=0; format_pass "$id" "$dir" "$dir.format.log" || status=$?
  if grep -q "No associated code fix found" "$dir.format.log"; then
    echo "| $id | – | no code fix | – | – | – |"
    continue
  fi
  measure "$id" "$dir" "$id, 1 run" "$status"

  # dotnet format applies the fixes of one code action kind (equivalence key) per run, and which kind varies from
  # run to run: a user runs it again. Three runs in all, unless the first failed and changed nothing.
  if [ "$status" = 0 ] && [ "$(tree_hash "$dir")" != "$before" ] || ! grep -q "Failed to apply code fix" "$dir.format.log"; then
    for run_number in 2 3; do
      [ -s "$dir.after.found" ] || break
      echo "== dotnet format analyzers --diagnostics $id, run $run_number" >&2
      format_pass "$id" "$dir" "$dir.format.log" || status=$?
    done
    measure "$id" "$dir" "$id, 3 runs" "$status"
    keep_diff "$id, 3 runs" "$dir"
  else
    keep_diff "$id, 1 run" "$dir"
  fi

  # A fix that fails in the top-level program may still work elsewhere: the same run without Program.cs.
  if grep -q "Failed to apply code fix" "$dir.format.log"; then
    echo "== dotnet format analyzers --diagnostics $id, cases without Program.cs" >&2
    vdir="$work/$id-no-top-level"
    make_project "$id" "$vdir" no-top-level
    (cd "$vdir" && run dotnet restore -nologo -v:q > "$vdir.restore.log" 2>&1) || { cat "$vdir.restore.log" >&2; exit 1; }
    : > "$vdir.format.log"
    status=0; format_pass "$id" "$vdir" "$vdir.format.log" || status=$?
    keep_diff "$id, without Program.cs" "$vdir"
    measure "$id" "$vdir" "$id, 1 run, cases without Program.cs" "$status"
  fi
done
echo
echo "(whitespace-only changes and blank lines are counted against the unfixed cases)"
echo
echo "Diffs of each fix (cases -> after):"
cat "$diffs"
