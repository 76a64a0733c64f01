// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

#include <string>
#include <string_view>

#include "output/emitters.h"

namespace fluxlint::output {
namespace {

// GitHub's escaping for workflow commands: the message part escapes '%', CR and LF; a
// property value (file=, title=, …) must not contain ':' or ',' either.
std::string Escape(std::string_view s, bool property) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string EscapeData(std::string_view s) { return Escape(s, false); }
std::string EscapeProperty(std::string_view s) { return Escape(s, true); }

std::string_view Command(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "notice";
  }
  return "error";
}

std::string Where(const Span& span) {
  std::string out(span.path());
  if (span.begin.line > 0) {
    out += ':' + std::to_string(span.begin.line);
    if (span.begin.column > 0) out += ':' + std::to_string(span.begin.column);
  }
  return out;
}

}  // namespace

std::string EmitGithub(const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    std::string props;
    auto add = [&props](std::string_view key, const std::string& value) {
      if (!props.empty()) props += ',';
      props += key;
      props += '=';
      props += EscapeProperty(value);
    };
    const Span& s = d.span;
    if (s.file != nullptr) {
      add("file", std::string(s.path()));
      if (s.begin.line > 0) {
        add("line", std::to_string(s.begin.line));
        if (s.begin.column > 0) add("col", std::to_string(s.begin.column));
        if (s.end.line >= s.begin.line) {
          add("endLine", std::to_string(s.end.line));
          // Annotations only support columns within one line.
          if (s.end.line == s.begin.line && s.begin.column > 0 && s.end.column >= s.begin.column) {
            add("endColumn", std::to_string(s.end.column));
          }
        }
      }
    }
    add("title", d.rule_id);

    std::string message = d.message;
    for (const RelatedSpan& r : d.related) {
      message += '\n';
      const std::string where = Where(r.span);
      if (!where.empty()) message += where + ": ";
      message += r.message;
    }
    if (!d.help.empty()) message += "\nhelp: " + d.help;

    out += "::";
    out += Command(d.severity);
    out += ' ';
    out += props;
    out += "::";
    out += EscapeData(message);
    out += '\n';
  }
  for (const std::string& note : report.notes) {
    out += "::notice::" + EscapeData(note) + '\n';
  }
  return out;
}

}  // namespace fluxlint::output
