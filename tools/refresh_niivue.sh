#!/usr/bin/env bash
# Refreshes the NiiVue bundle the viewer serves (engine/src/main/resources/segshap/viewer/assets/niivue/) from the
# npm registry: no WebJar of @niivue/niivue is on Maven Central, so its self-contained UMD build is committed.
#
#   tools/refresh_niivue.sh            # the version named in assets/niivue/VERSION again (a check: no diff expected)
#   tools/refresh_niivue.sh 0.70.0     # another version; then run ViewerInChromiumTest and commit the folder
#
# Writes niivue.umd.js (dist/niivue.umd.js of the package: NiiVue and its dependencies in one file, global
# `niivue`), VERSION (version, tarball integrity) and THIRD-PARTY-NOTICES.txt (the licence file of every
# dependency bundled into it). LICENSE (NiiVue's BSD-2-Clause text; the npm tarball carries none) is kept; the
# script stops if the package no longer declares BSD-2-Clause, because that text would then be wrong.
# Needs npm (Debian's `npm` package) and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=engine/src/main/resources/segshap/viewer/assets/niivue
version=${1:-$(sed -n 's/^version //p' "$dest/VERSION")}
[[ -n "$version" ]] || { echo "refresh_niivue: no version given and none in $dest/VERSION" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

license=$(npm view "@niivue/niivue@$version" license)
if [[ "$license" != "BSD-2-Clause" ]]; then
    echo "refresh_niivue: @niivue/niivue@$version declares licence '$license', not BSD-2-Clause; update $dest/LICENSE by hand first" >&2
    exit 1
fi
integrity=$(npm view "@niivue/niivue@$version" dist.integrity)

# --ignore-scripts: nothing of the package runs here; --omit: only what the browser bundle contains
(cd "$work" && npm install --silent --no-save --no-audit --no-fund --ignore-scripts --omit=dev --omit=optional \
    --prefix . "@niivue/niivue@$version")
pkg="$work/node_modules/@niivue/niivue"
[[ -f "$pkg/dist/niivue.umd.js" ]] || { echo "refresh_niivue: $version has no dist/niivue.umd.js; the viewer loads that file" >&2; exit 1; }
cp "$pkg/dist/niivue.umd.js" "$dest/niivue.umd.js"
printf 'version %s\nintegrity %s\nfile dist/niivue.umd.js\n' "$version" "$integrity" > "$dest/VERSION"

{
    echo "Licences of the packages bundled into niivue.umd.js (@niivue/niivue $version and its dependencies),"
    echo "as installed from the npm registry by tools/refresh_niivue.sh. NiiVue's own licence: LICENSE."
    # every installed package but NiiVue itself, in a fixed order
    (cd "$work" && npm ls --all --parseable --omit=dev --omit=optional) | tail -n +2 | sort -u | while read -r dir; do
        name=$(node -p "const p=require('$dir/package.json'); p.name + ' ' + p.version + ' (' + p.license + ')'")
        [[ "$name" == @niivue/niivue\ * ]] && continue
        file=$(find "$dir" -maxdepth 1 -type f -iname 'licen[cs]e*' | sort | head -n 1)
        echo
        echo "==== $name"
        if [[ -n "$file" ]]; then cat "$file"; else echo "(the package ships no licence file)"; fi
    done
} > "$dest/THIRD-PARTY-NOTICES.txt"

echo "refresh_niivue: $dest now holds @niivue/niivue $version" >&2
