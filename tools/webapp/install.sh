#!/usr/bin/env bash
# Installs Tinode's web app (npm package tinode-webapp) into <dest> so that Broker can serve it
# (Broker:WebApp:Root=<dest>) with no internet access at run time: the scripts and fonts that the app's
# index.html loads from CDNs are fetched from the npm registry at the exact versions it names, and index.html is
# rewritten to load the local copies.
#
# Usage: tools/webapp/install.sh [<dest>]   (default data/webapp: where the broker, started from the same working
#        folder, finds and serves it with no setting; any other folder needs Broker:WebApp:Root=<dest>)
# Needs: npm (the registry only, through the ordinary client), tar, sed.
set -euo pipefail

dest=${1:-data/webapp}

# Pinned versions. The CDN versions are the ones tinode-webapp 0.25.3's index.html loads; the check at the end
# fails if index.html still refers to anything remote, e.g. after bumping WEBAPP_VERSION.
WEBAPP_VERSION=0.25.3
REACT_VERSION=18.3.1        # https://cdn.jsdelivr.net/npm/react@18.3.1/umd/react.production.min.js
REACT_INTL_VERSION=7.1.6    # https://cdn.jsdelivr.net/npm/react-intl@7.1.6/react-intl.iife.min.js
QRCODEJS_VERSION=1.0.0      # https://cdn.jsdelivr.net/npm/qrcodejs@1.0.0/qrcode.min.js
ROBOTO_VERSION=5.3.0        # replaces https://fonts.googleapis.com/css?family=Roboto:300,400,400i,500,700,700i
MATERIAL_ICONS_VERSION=1.13.14  # replaces https://fonts.googleapis.com/icon?family=Material+Icons

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Downloads one package tarball (no dependencies, no install scripts) and unpacks it into $work/<name>/package.
fetch() {
    local name=$1 version=$2 dir
    dir="$work/${name//\//_}"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
    echo "$dir/package"
}

echo "Fetching tinode-webapp@$WEBAPP_VERSION and its CDN assets from npm…"
app=$(fetch tinode-webapp "$WEBAPP_VERSION")
react=$(fetch react "$REACT_VERSION")
react_dom=$(fetch react-dom "$REACT_VERSION")
react_intl=$(fetch react-intl "$REACT_INTL_VERSION")
qrcode=$(fetch qrcodejs "$QRCODEJS_VERSION")
roboto=$(fetch @fontsource/roboto "$ROBOTO_VERSION")
icons=$(fetch material-icons "$MATERIAL_ICONS_VERSION")

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
rm -rf "$dest/vendor"
cp -R "$app"/. "$dest"/
rm -f "$dest/package.json" "$dest/README.md"

vendor="$dest/vendor"
mkdir -p "$vendor/js" "$vendor/fonts/roboto/files" "$vendor/fonts/material-icons"
cp "$react/umd/react.production.min.js" "$vendor/js/"
cp "$react_dom/umd/react-dom.production.min.js" "$vendor/js/"
# jsDelivr minifies on the fly; the package ships the unminified IIFE bundle with the same code.
cp "$react_intl/react-intl.iife.js" "$vendor/js/"
cp "$qrcode/qrcode.min.js" "$vendor/js/"
for weight in 300 400 400-italic 500 700 700-italic; do
    cat "$roboto/$weight.css"
done > "$vendor/fonts/roboto/roboto.css"
cp "$roboto"/files/*.woff2 "$roboto"/files/*.woff "$vendor/fonts/roboto/files/"
cp "$icons/iconfont/filled.css" "$icons"/iconfont/material-icons.woff2 "$icons"/iconfont/material-icons.woff "$vendor/fonts/material-icons/"
for pair in "react:$react" "react-dom:$react_dom" "react-intl:$react_intl" "qrcodejs:$qrcode" "roboto:$roboto" "material-icons:$icons"; do
    for license in "${pair#*:}"/LICENSE*; do
        if [ -f "$license" ]; then cp "$license" "$vendor/LICENSE-${pair%%:*}"; fi
    done
done

# The app reads Firebase's push settings from firebase-init.js; without FIREBASE_INIT push is simply off.
cat > "$dest/firebase-init.js" <<'JS'
// Push notifications (Firebase) are not configured for this installation: FIREBASE_INIT stays undefined.
JS

index="$dest/index.html"
sed -i \
    -e 's#https://fonts.googleapis.com/css?family=Roboto:300,400,400i,500,700,700i#vendor/fonts/roboto/roboto.css#' \
    -e 's#https://fonts.googleapis.com/icon?family=Material+Icons#vendor/fonts/material-icons/filled.css#' \
    -e "s#https://cdn.jsdelivr.net/npm/react@$REACT_VERSION/umd/react.production.min.js#vendor/js/react.production.min.js#" \
    -e "s#https://cdn.jsdelivr.net/npm/react-dom@$REACT_VERSION/umd/react-dom.production.min.js#vendor/js/react-dom.production.min.js#" \
    -e "s#https://cdn.jsdelivr.net/npm/react-intl@$REACT_INTL_VERSION/react-intl.iife.min.js#vendor/js/react-intl.iife.js#" \
    -e "s#https://cdn.jsdelivr.net/npm/qrcodejs@$QRCODEJS_VERSION/qrcode.min.js#vendor/js/qrcode.min.js#" \
    -e 's# crossorigin="anonymous"##' \
    "$index"
# The Intl.Segmenter polyfill only serves Firefox 124 and older; current browsers have Intl.Segmenter.
sed -i -e '\#polyfill-fastly.io#d' "$index"

# tinode-webapp 0.25.3 hands some avatars (chat list, contact lists, the message list's sender tiles) the SDK's
# authorizeURL without binding it to the Tinode object, so those <img> links carry neither the API key nor the token and
# every server, Tinode's included, refuses them (403). Other places in the same bundle pass
# authorizeURL.bind(tinode); the same binding is applied to the unbound ones.
sed -i -E 's#authorizeURL:this\.props\.tinode\.authorizeURL([,}])#authorizeURL:this.props.tinode.authorizeURL.bind(this.props.tinode)\1#g' \
    "$dest"/umd/*.prod.js
if grep -Eq 'authorizeURL:this\.props\.tinode\.authorizeURL[,}]' "$dest"/umd/*.prod.js; then
    echo "an unbound authorizeURL is left in the web app's bundle" >&2
    exit 1
fi

if grep -Eq '(src|href)="(https?:)?//' <(grep -E '<script|<link rel="stylesheet"' "$index"); then
    echo "index.html still loads remote resources:" >&2
    grep -E '<script|<link rel="stylesheet"' "$index" | grep -E '(src|href)="(https?:)?//' >&2
    exit 1
fi

# What was installed, with the revision of this script's changes; WebAppBrowserTests reinstalls when it differs.
echo "tinode-webapp $WEBAPP_VERSION broker-install 2" > "$dest/broker-install.txt"

echo "Installed tinode-webapp $WEBAPP_VERSION into $dest"
if [ -z "${1:-}" ]; then
    echo "Start the broker from this folder (dotnet run --project Broker -c Release) and open http://localhost:6060/"
else
    echo "Serve it with: Broker:WebApp:Root=$dest (e.g. --Broker:WebApp:Root=$dest); tools/webapp/install.sh with no"
    echo "folder installs into data/webapp, which the broker serves with no setting"
fi
