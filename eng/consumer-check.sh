#!/usr/bin/env bash
# Packs SocketLint, builds a fresh project that consumes the package from a local feed, and checks that:
# the warnings land on exactly the marked lines; -warnaserror turns them into errors; `dotnet format analyzers`
# applies the package's fixes and leaves code that builds with no finding left.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
RULES="SL0001 SL0002 SL0003 SL0004"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "consumer-check: FAILED: $*" >&2; exit 1; }

dotnet pack "$repo/src/SocketLint.CodeFixes" -c Release -o "$tmp/feed" -nologo -v:q >/dev/null || fail "dotnet pack"
package=$(ls "$tmp/feed"/SocketLint.*.nupkg | head -n 1)
version=$(basename "$package" .nupkg); version=${version#SocketLint.}

mkdir -p "$tmp/consumer"
cp "$repo/eng/consumer/"*.cs "$repo/eng/consumer/.editorconfig" "$tmp/consumer/"
source_url=$(dotnet nuget list source --format short 2>/dev/null | awk '/^E/ {print $2; exit}')
cat > "$tmp/consumer/nuget.config" <<XML
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$tmp/feed" />
    <add key="default" value="${source_url:-https://api.nuget.org/v3/index.json}" />
  </packageSources>
</configuration>
XML
cat > "$tmp/consumer/consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$tmp/packages</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SocketLint" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML

expected=$(grep -nHE '// expect: SL[0-9]{4}' "$tmp/consumer/"*.cs | sed -E 's#^.*/([^/:]+):([0-9]+):.*expect: (SL[0-9]{4}).*#\1:\2 \3#' | sort -u)
findings() { grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): (warning|error) SL[0-9]{4}' "$1" | sed -E 's#^([^()]+)\(([0-9]+),[0-9]+\): (warning|error) (SL[0-9]{4})#\1:\2 \4#' | sort -u || true; }

cd "$tmp/consumer"
dotnet build --no-incremental -nologo > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "the consumer does not build"; }
actual=$(findings "$tmp/build.log")
if [ "$expected" != "$actual" ]; then
  diff <(echo "$expected") <(echo "$actual") || true
  fail "warnings differ from the markers (< expected, > reported)"
fi
count=$(echo "$expected" | wc -l)

if dotnet build --no-incremental -nologo -warnaserror > "$tmp/strict.log" 2>&1; then fail "-warnaserror did not fail the build"; fi
grep -qE 'error SL[0-9]{4}' "$tmp/strict.log" || fail "-warnaserror failed, but not with SocketLint errors"

cp Program.cs "$tmp/Program.before.cs"
for rule in $RULES; do
  dotnet format analyzers consumer.csproj --diagnostics "$rule" --severity warn > "$tmp/format.log" 2>&1 || { cat "$tmp/format.log"; fail "dotnet format analyzers --diagnostics $rule"; }
done
diff -u "$tmp/Program.before.cs" Program.cs > "$tmp/format.diff" && fail "dotnet format changed nothing"
dotnet build --no-incremental -nologo > "$tmp/after.log" 2>&1 || { cat "$tmp/after.log"; fail "the fixed consumer does not build"; }
[ "$(findings "$tmp/after.log")" = "" ] || { findings "$tmp/after.log"; fail "findings left after dotnet format"; }
cat "$tmp/format.diff"
echo "consumer-check: passed (package $version: $count marked lines flagged, none else; -warnaserror fails; dotnet format fixed them, build clean)"
