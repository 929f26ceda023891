#!/usr/bin/python3
"""gen-options.py — the OPTIONS section of newswatch.conf(5), from `newswatchd --dump-options`.

    newswatchd --dump-options | gen-options.py [--template newswatch.conf.5.in] > newswatch.conf.5

Reads the listing on standard input: a "[section]" heading, then one line per option,
indented, with four tab-separated fields (name, type and bounds, "default: X" or
"required", description); an option of type choice has one more line "\t  one of: a b c".
Plugin sections are headed "[feed plugin = rss]" or "[alert plugin = log]". A line that
starts with ";" is the daemon saying it could not list or load a plugin: that is an error
here, since the page would silently lack that plugin's options.

Writes roff: ".SS" per section, ".TP" per option with its type, bounds, default and
description. Each option is preceded by a comment `.\\" option: [SECTION] NAME` that
check-options.sh uses to name the options a stale page gets wrong. With --template, the
line "@OPTIONS@" of the template is replaced by that text and the whole page is written.
The output depends on the input only (standard library, no dates, no locale).
"""
import argparse
import re
import sys


class DumpError(Exception):
    pass


def parse_dump(text):
    """[(section, [option dict])] in the order of the listing."""
    sections = []
    cur = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith(";"):
            raise DumpError("line %d: the daemon says: %s" % (lineno, line[1:].strip()))
        if line.startswith("["):
            if not line.endswith("]"):
                raise DumpError("line %d: malformed heading %r" % (lineno, line))
            cur = (line[1:-1].strip(), [])
            sections.append(cur)
            continue
        if cur is None:
            raise DumpError("line %d: option outside any section: %r" % (lineno, line))
        fields = line.strip(" ").split("\t")
        if fields[0] == "" and len(fields) == 2 and fields[1].strip().startswith("one of:"):
            if not cur[1]:
                raise DumpError("line %d: 'one of' before any option" % lineno)
            cur[1][-1]["choices"] = fields[1].strip()[len("one of:"):].split()
            continue
        if len(fields) != 4:
            raise DumpError("line %d: expected 4 tab-separated fields, got %d: %r" % (lineno, len(fields), line))
        name, typ, default, desc = (f.strip() for f in fields)
        if not name:
            raise DumpError("line %d: option without a name" % lineno)
        m = re.fullmatch(r"(.*?)(?: \((.*)\))?", typ)
        opt = {"name": name, "type": m.group(1), "bounds": m.group(2), "desc": desc, "choices": None}
        if default == "required":
            opt["required"], opt["default"] = True, None
        elif default.startswith("default:"):
            d = default[len("default:"):].strip()
            opt["required"], opt["default"] = False, (None if d == "(none)" else d)
        else:
            raise DumpError("line %d: expected 'default: X' or 'required', got %r" % (lineno, default))
        cur[1].append(opt)
    return sections


def esc(s):
    """Literal text (names, values, code): every hyphen a minus sign, backslashes kept."""
    return s.replace("\\", "\\e").replace("-", "\\-")


def esc_prose(s):
    """Running text: a hyphen between two letters stays a hyphen (non-empty), any other is
    a minus sign (+09:00, -1, a command-line option)."""
    s = s.replace("\\", "\\e")
    return re.sub(r"(?<![^\W\d_])-|-(?![^\W\d_])", r"\\-", s)


def text_line(s):
    """A text line: one starting with . or ' would be read as a request."""
    if s[:1] in (".", "'"):
        return "\\&" + s
    return s


def option_name(name):
    # keyed options: "entity.NAME" -> entity. in bold, NAME in italics
    if name.endswith("NAME") and "." in name:
        return "\\fB%s\\fI%s\\fR" % (esc(name[:-4]), esc(name[-4:]))
    return "\\fB%s\\fR" % esc(name)


def section_title(sec):
    m = re.fullmatch(r"(feed|alert) plugin = (\S+)", sec)
    if m:
        return "[%s] with plugin = %s" % (m.group(1), m.group(2))
    return "[%s]" % sec


def render(sections):
    out = []
    for sec, opts in sections:
        plugin = re.fullmatch(r"(feed|alert) plugin = (\S+)", sec)
        out.append('.\\" section: [%s]' % sec)
        out.append('.SS "%s"' % esc(section_title(sec)).replace('"', '\\(dq'))
        if plugin:
            kind = "source" if plugin.group(1) == "feed" else "notifier"
            out.append(text_line("Options of the %s plugin \\fB%s\\fR, set in %s \\fB[%s\\ \\fINAME\\fB]\\fR "
                                 "section with \\fBplugin\\ =\\ %s\\fR." % (
                                     kind, esc(plugin.group(2)), "an" if plugin.group(1) == "alert" else "a",
                                     plugin.group(1), esc(plugin.group(2)))))
            if not opts:
                out.append("It has no options of its own.")
        for o in opts:
            out.append('.\\" option: [%s] %s' % (sec, o["name"]))
            out.append(".TP")
            if o["choices"]:
                value = " | ".join("\\fB%s\\fR" % esc(c) for c in o["choices"])
            else:
                value = "\\fI%s\\fR" % esc(o["type"])
            head = "%s = %s" % (option_name(o["name"]), value)
            if o["bounds"]:
                head += " (%s)" % esc(o["bounds"])
            out.append(text_line(head))
            if o["required"]:
                out.append("Required")
            elif o["default"] is not None:
                # spaces unbreakable, but a line may break after the "||" between XPath
                # alternatives, or an "or" in a predicate: one such default is wider than
                # the page
                d = esc(o["default"]).replace(" ", "\\ ").replace("\\ ||\\ ", "\\ || ")
                d = d.replace("\\ or\\ ", "\\ or ")
                out.append(text_line("Default: \\fB%s\\fR" % d))
            else:
                out.append("No default")
            out.append(".br")
            out.append(text_line(esc_prose(o["desc"])))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Write the OPTIONS part of newswatch.conf(5) from "
                                 "`newswatchd --dump-options` on standard input.")
    ap.add_argument("--template", metavar="FILE",
                    help="page template; its line @OPTIONS@ is replaced and the whole page written")
    args = ap.parse_args()
    data = sys.stdin.buffer.read().decode("utf-8")
    try:
        sections = parse_dump(data)
    except DumpError as e:
        sys.stderr.write("gen-options.py: --dump-options: %s\n" % e)
        return 1
    if not sections:
        sys.stderr.write("gen-options.py: no options on standard input\n")
        return 1
    for sec, opts in sections:
        for o in opts:
            if not o["desc"]:
                sys.stderr.write("gen-options.py: warning: [%s] %s has no description\n" % (sec, o["name"]))
    body = render(sections)
    if args.template:
        with open(args.template, encoding="utf-8") as f:
            tmpl = f.read()
        lines = tmpl.split("\n")
        n = sum(1 for l in lines if l == "@OPTIONS@")
        if n != 1:
            sys.stderr.write("gen-options.py: %s: want exactly one line @OPTIONS@, found %d\n" % (args.template, n))
            return 1
        page = "\n".join(body.rstrip("\n") if l == "@OPTIONS@" else l for l in lines)
    else:
        page = body
    sys.stdout.buffer.write(page.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
