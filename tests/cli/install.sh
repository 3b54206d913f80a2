#!/bin/sh
# `cmake --install` puts the binary, the shipped rules and the man page under a
# prefix, and the installed binary finds those rules by itself from any folder, even
# after the installed tree has moved.
# usage: install.sh BUILD_DIR
set -u
build=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cmake --install "$build" --prefix "$tmp/first" >/dev/null || exit 1
mv "$tmp/first" "$tmp/moved"
cd "$tmp" || exit 2
failures=0
for rule in outcomes-account-for-arrests human-rights-groups; do
    "$tmp/moved/bin/factlint" rules | grep -q "^$rule " || {
        echo "FAIL: the installed binary does not list $rule"
        failures=$((failures + 1))
    }
done
[ -f "$tmp/moved/share/factlint/rules/names/news-agencies.txt" ] || {
    echo "FAIL: the names lists are not installed"
    failures=$((failures + 1))
}
head -n 1 "$tmp/moved/share/man/man1/factlint.1" 2>/dev/null | grep -q '^\.TH FACTLINT 1' || {
    echo "FAIL: the man page is not installed in share/man/man1"
    failures=$((failures + 1))
}

# A project's own ./rules comes in addition to the shipped rules, and its rule of a
# shipped rule's id replaces that one.
mkdir -p "$tmp/project/rules"
cat >"$tmp/project/rules/own.rules" <<'RULES'
rule own-rule { check a.total >= 0 }
rule outcomes-within-arrests {
  description "The project's own version."
  check a.total >= 0
}
RULES
cd "$tmp/project" || exit 2
listing=$("$tmp/moved/bin/factlint" rules)
for rule in own-rule human-rights-groups outcomes-account-for-arrests; do
    printf '%s\n' "$listing" | grep -q "^$rule " || {
        echo "FAIL: with ./rules, $rule is not listed"
        failures=$((failures + 1))
    }
done
[ "$(printf '%s\n' "$listing" | grep -c '^outcomes-within-arrests ')" -eq 1 ] &&
    printf '%s\n' "$listing" | grep -q "The project's own version" || {
    echo "FAIL: the project's outcomes-within-arrests does not replace the shipped one"
    failures=$((failures + 1))
}
# A config can leave the shipped rules out.
printf 'rules = ["rules"]\nshipped-rules = false\n' >"$tmp/project/factlint.toml"
"$tmp/moved/bin/factlint" rules | grep -q "^human-rights-groups " && {
    echo "FAIL: shipped-rules = false still loads the shipped rules"
    failures=$((failures + 1))
}
cd "$tmp" || exit 2
[ "$failures" -eq 0 ] && echo "all checks passed"
exit "$failures"
