#!/usr/bin/env bash
# WeasyPrint (the PDF renderer) needs Pango and HarfBuzz from the operating system.
# Install them when we can (root with apt-get); otherwise say exactly what is missing.
set -euo pipefail
PY=${1:-.venv/bin/python}
missing=()
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
if [ ${#missing[@]} -gt 0 ]; then
  packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing the libraries WeasyPrint needs: $packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; }
  else
    echo "PDF export needs these Debian packages, missing here: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install $packages" >&2
    exit 1
  fi
fi
"$PY" -c "import weasyprint" 2>/dev/null || {
  echo "WeasyPrint does not import; see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html" >&2
  exit 1
}
