#!/usr/bin/env bash
# Regenerates docs/rsmi.1 from the help texts of a built rsmi: `rsmi --help` gives NAME, SYNOPSIS
# and DESCRIPTION (through help2man), and `rsmi help COMMAND [SUBCOMMAND]` gives one subsection per
# command. The page is committed, so the build never needs this script: run it again after the
# CLI's help changes.
#
#   packaging/make-man-page.sh [PATH/TO/rsmi]      (default: build/app/rsmi)
#
# Needs help2man (Debian package help2man) and python3.
set -euo pipefail
export LC_ALL=C.UTF-8  # the help texts hold β, ×, −: keep them UTF-8 from rsmi to the page
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rsmi=$(realpath "${1:-$root/build/app/rsmi}")
[ -x "$rsmi" ] || { echo "make-man-page.sh: no rsmi at $rsmi (build it, or pass its path)" >&2; exit 1; }
command -v help2man >/dev/null || { echo "make-man-page.sh: needs help2man (apt-get install help2man)" >&2; exit 1; }
homepage=https://github.com/rsmi-studio/rsmi-studio

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# help2man reads further usage lines only when they start with "or:", and the pointer to
# docs/cli.md belongs in SEE ALSO, where the page can give the full address.
cat >"$work/rsmi" <<EOF
#!/bin/sh
"$rsmi" "\$@" | sed -e 's/^       rsmi /   or: rsmi /' -e '/^Documentation: /d'
EOF
chmod +x "$work/rsmi"

# One roff subsection per command, from its own help text.
python3 - "$rsmi" "$homepage" >"$work/include.h2m" <<'PY'
import re, subprocess, sys

rsmi, homepage = sys.argv[1], sys.argv[2]

def help_of(*words):
    return subprocess.run([rsmi, *words], check=True, capture_output=True, text=True).stdout

def esc(text):
    # Backslashes are roff escapes; dashes that start options are minus signs (\-), so that the
    # options can be copied from the page; a leading dot or quote would be read as a request.
    text = text.replace('\\', '\\e')
    text = re.sub(r'(?<![\w-])--?(?=\w)', lambda m: m.group(0).replace('-', '\\-'), text)
    return re.sub(r"^([.'])", r'\\&\1', text)

def blocks(text):
    return [b.splitlines() for b in re.split(r'\n\s*\n', text.strip())]

def rows(lines):
    # "  --name VALUE   help" or "  word   summary": columns are separated by two spaces or more.
    for line in lines:
        left, _, right = line.strip().partition('  ')
        yield left, right.strip()

def option_term(left):
    words = []
    for part in left.split(', '):
        name, _, value = part.partition(' ')
        words.append('\\fB' + esc(name) + '\\fR' + (' \\fI' + esc(value) + '\\fR' if value else ''))
    return ', '.join(words)

def section(words):
    text = help_of('help', *words)
    out = ['.SS "rsmi %s"' % ' '.join(words)]
    subcommands = []
    for block in blocks(text):
        head = block[0]
        if head.startswith('Usage: '):
            usage = []
            for line in block:
                line = re.sub(r'^(Usage:)?\s*', '', line)
                command = re.match(r'rsmi(?: [a-z][a-z0-9-]*)*', line).group(0)
                usage.append('\\fB%s\\fR%s' % (esc(command), esc(line[len(command):])))
            out += ['.PP', '\n.br\n'.join(usage)]
        elif head.startswith('Exit status:'):
            continue  # the same for every command: said once, in DESCRIPTION
        elif re.fullmatch(r'[A-Z][a-z]+:', head):
            out += ['.PP', esc(head)]
            for left, right in rows(block[1:]):
                term = option_term(left) if left.startswith('-') else '\\fB' + esc(left) + '\\fR'
                out += ['.TP', term, esc(right)]
                if head != 'Options:':
                    subcommands.append(left)
        else:
            # A paragraph; lines opening with "name:" start items of their own (e.g. bench cases).
            paragraph = []
            for line in block:
                if paragraph and re.match(r'[a-z][a-z0-9-]*: ', line):
                    out += ['.PP', esc(' '.join(paragraph))]
                    paragraph = []
                paragraph.append(line.strip())
            out += ['.PP', esc(' '.join(paragraph))]
    print('\n'.join(out))
    for sub in subcommands:
        section(words + [sub])

commands = []
listing = help_of('--help').split('Commands:\n', 1)[1].split('\n\n', 1)[0]
for line in listing.splitlines():
    name = line.split()[0]
    if name != 'help':
        commands.append(name)

# help2man would print the parenthesis of "rsmi help COMMAND   (or: rsmi COMMAND --help)" in italics.
print('[SYNOPSIS]')
print('.B rsmi\n\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br')
print('.B rsmi help\n\\fICOMMAND\\fR [\\fISUBCOMMAND\\fR]\n.br')
print('.B rsmi\n\\fICOMMAND\\fR \\fB\\-\\-help\\fR\n.br')
print('.B rsmi \\-\\-version')
print('[COMMANDS]')
for name in commands:
    section([name])
print('[SEE ALSO]')
print('The full reference of the commands and of the files they write, docs/cli.md, is in the source')
print('tree and at')
print('.UR %s/blob/main/docs/cli.md' % homepage)
print('.UE .')
print('.PP')
print('\\fBrsmi\\-studio\\fR, the desktop application, runs the same computations interactively.')
print('[REPORTING BUGS]')
print('.UR %s/issues' % homepage)
print('.UE')
PY

# The date on the page is that of the last commit, so regenerating an unchanged CLI changes nothing.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}
help2man --no-info --section=1 --locale=C.UTF-8 \
  --name="command-line twin of RSMI Studio: lattice samples, RSMI filters and RG flows" \
  --include="$work/include.h2m" --output="$root/docs/rsmi.1" "$work/rsmi"
# The page must render without a warning (-k: UTF-8 input, as man-db reads it).
if command -v groff >/dev/null; then
  groff -k -man -Tutf8 -ww -z "$root/docs/rsmi.1"
fi
echo "wrote $root/docs/rsmi.1"
