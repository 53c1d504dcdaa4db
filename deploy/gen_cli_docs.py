#!/usr/bin/env python3
"""Man pages and bash completion for leakwatch, generated from the built binary's own help.

usage: gen_cli_docs.py LEAKWATCH_BINARY OUT_DIR

Writes OUT_DIR/man/leakwatch.1.gz, OUT_DIR/man/leakwatch-COMMAND.1.gz for every command that
`leakwatch --help` lists, and OUT_DIR/completion/leakwatch (bash). The help text is the one
source: a new option appears in the man page and the completion at the next build.
Exit status: 0 written, 2 bad arguments, 1 the binary's help could not be read or parsed.
"""

import datetime
import gzip
import os
import re
import subprocess
import sys

HELP_TIMEOUT_S = 10
MAX_HELP_BYTES = 1 << 20
MAX_COMMANDS = 200

# CLI11 help: a section header ("Options:"), then entries "  SPEC   description" whose long
# descriptions continue on lines indented past the spec column.
SECTION = re.compile(r"^([A-Z][A-Za-z ]*):$")
ENTRY = re.compile(r"^  (\S(?:.*?\S)?)(?: {2,}(\S.*))?$")
CONTINUATION = re.compile(r"^ {4,}(\S.*)$")
COMMAND_LINE = re.compile(r"^  ([a-z][a-z-]*) +(\S.*)$")


class HelpError(Exception):
    pass


def run_help(binary, args):
    try:
        done = subprocess.run([binary, *args], capture_output=True, timeout=HELP_TIMEOUT_S,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise HelpError(f"{binary} {' '.join(args)}: {e}") from e
    if done.returncode != 0 or len(done.stdout) > MAX_HELP_BYTES:
        raise HelpError(f"{binary} {' '.join(args)}: exit {done.returncode}, "
                        f"{len(done.stdout)} bytes of help")
    return done.stdout.decode("utf-8", "replace")


def parse_commands(top_help):
    commands = []
    in_list = False
    for line in top_help.splitlines():
        if line.strip() == "commands:":
            in_list = True
            continue
        m = COMMAND_LINE.match(line)
        # `version` is main's own word, with no --help of its own.
        if in_list and m and m.group(1) != "version":
            commands.append((m.group(1), m.group(2)))
    if not commands or len(commands) > MAX_COMMANDS:
        raise HelpError(f"`leakwatch --help` lists {len(commands)} commands")
    return commands


def parse_command_help(text):
    """(summary, usage, [(section, [(spec, description)])])"""
    lines = text.splitlines()
    summary = lines[0].strip() if lines else ""
    usage = next((ln[len("Usage: "):] for ln in lines if ln.startswith("Usage: ")), "")
    if not usage:
        raise HelpError("no 'Usage:' line in the help")
    sections = []
    entries = None
    for line in lines:
        header = SECTION.match(line)
        if header and header.group(1) != "Usage":
            entries = []
            sections.append((header.group(1), entries))
            continue
        if entries is None or not line.strip():
            continue
        cont = CONTINUATION.match(line)
        if cont and entries:
            spec, desc = entries[-1]
            entries[-1] = (spec, (desc + " " + cont.group(1)).strip())
            continue
        entry = ENTRY.match(line)
        if entry:
            entries.append((entry.group(1), entry.group(2) or ""))
    return summary, usage, sections


def option_names(sections):
    names = []
    for _, entries in sections:
        for spec, _ in entries:
            for word in re.split(r"[ ,]", spec):
                if word.startswith("-") and len(word) > 1:
                    names.append(word)
    return names


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def entry_lines(entries):
    out = []
    for spec, desc in entries:
        out += [".TP", f".B {roff(spec)}", roff(desc) if desc else ""]
    return out


def man_page(name, summary, usage, sections, subcommands, version, date):
    """subcommands: [(word, summary, usage, sections)], each given a section of its own."""
    out = [f'.TH {name.upper()} 1 "{date}" "leakwatch {version}" "leakwatch manual"',
           ".SH NAME", f"{roff(name)} \\- {roff(summary)}",
           ".SH SYNOPSIS", f".B {roff(usage)}"]
    for _, sub_summary, sub_usage, _ in subcommands:
        out += [".br", f".B {roff(sub_usage)}"]
    for title, entries in sections:
        out.append(f".SH {roff(title.upper())}")
        out += entry_lines(entries)
    for word, sub_summary, sub_usage, sub_sections in subcommands:
        out += [f'.SH "{roff(name.upper())} {roff(word.upper())}"', roff(sub_summary),
                ".PP", f".B {roff(sub_usage)}"]
        for title, entries in sub_sections:
            out += [f".SS {roff(title)}"] + entry_lines(entries)
    out += [".SH EXIT STATUS",
            "0 success; 1 findings or a failure the command documents; 2 bad input or usage "
            "(the message names the bad value); see the leakwatch README.",
            ".SH SEE ALSO", "leakwatch(1)"]
    return "\n".join(out) + "\n"


def top_man_page(commands, version, date):
    out = [f'.TH LEAKWATCH 1 "{date}" "leakwatch {version}" "leakwatch manual"',
           ".SH NAME",
           "leakwatch \\- find data stores reachable without authentication, prove it, "
           "classify what leaks",
           ".SH SYNOPSIS", ".B leakwatch", ".I COMMAND", "[options]",
           ".SH COMMANDS"]
    for name, summary in commands:
        out += [".TP", f".B {roff(name)}", f"{roff(summary)} (see leakwatch\\-{roff(name)}(1))"]
    out += [".TP", ".B version", "print the version",
            ".SH SEE ALSO", "The documentation in /usr/share/doc/leakwatch."]
    return "\n".join(out) + "\n"


def completion(commands, options_by_command, subcommands_by_command):
    cases = []
    for name, _ in commands:
        opts = " ".join(options_by_command[name])
        subs = " ".join(subcommands_by_command[name])
        cases.append(f"    {name}) opts='{opts}' subs='{subs}' ;;")
    names = " ".join([c for c, _ in commands] + ["version"])
    return f"""# bash completion for leakwatch, generated from `leakwatch COMMAND --help`
_leakwatch() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W '{names} --help' -- "$cur"))
    return 0
  fi
  local opts='' subs=''
  case ${{COMP_WORDS[1]}} in
{chr(10).join(cases)}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$COMP_CWORD" -eq 2 ] && [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}}
complete -o filenames -F _leakwatch leakwatch
"""


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary, out_dir = argv[1], argv[2]
    try:
        version = run_help(binary, ["version"]).split()[-1]
        commands = parse_commands(run_help(binary, ["--help"]))
        # Reproducible builds set SOURCE_DATE_EPOCH; otherwise the binary's own date.
        stamp = int(os.environ.get("SOURCE_DATE_EPOCH") or os.path.getmtime(binary))
        date = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).date().isoformat()
        pages = {"leakwatch.1.gz": top_man_page(commands, version, date)}
        options_by_command = {}
        subcommands_by_command = {}
        for name, _ in commands:
            summary, usage, sections = parse_command_help(run_help(binary, [name, "--help"]))
            words = [spec.split()[0] for title, entries in sections if title == "Subcommands"
                     for spec, _ in entries][:MAX_COMMANDS]
            subcommands = []
            options = option_names(sections)
            for word in words:
                sub = parse_command_help(run_help(binary, [name, word, "--help"]))
                subcommands.append((word, *sub))
                options += [o for o in option_names(sub[2]) if o not in options]
            options_by_command[name] = options
            subcommands_by_command[name] = words
            pages[f"leakwatch-{name}.1.gz"] = man_page(
                f"leakwatch-{name}", summary, usage, sections, subcommands, version, date)
    except HelpError as e:
        print(f"gen_cli_docs: {e}", file=sys.stderr)
        return 1
    os.makedirs(os.path.join(out_dir, "man"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "completion"), exist_ok=True)
    for file_name, text in pages.items():
        # Debian installs man pages compressed; mtime 0 keeps the bytes reproducible.
        with open(os.path.join(out_dir, "man", file_name), "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
                f.write(text.encode("utf-8"))
    with open(os.path.join(out_dir, "completion", "leakwatch"), "w", encoding="utf-8") as f:
        f.write(completion(commands, options_by_command, subcommands_by_command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
