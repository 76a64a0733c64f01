// A Markdown job summary for $GITHUB_STEP_SUMMARY (GitHub Flavored Markdown).

#include <algorithm>
#include <string>
#include <string_view>

#include "output/emitters.h"
#include "output/format_util.h"

namespace fluxlint::output {
namespace {

constexpr size_t kMaxRows = 200;  // findings listed in the table; the rest are counted

// Text in a table cell: Markdown punctuation backslash-escaped, HTML made inert, line breaks
// kept as <br> (a raw newline would end the table row).
std::string EscapeCell(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '<':
      case '>':
      case '~':
      case '#':
        out += '\\';
        out += c;
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A code span in a table cell. Backticks inside are handled with a longer fence (CommonMark);
// '|' must still be escaped, because GFM splits cells before it parses code spans.
std::string CodeCell(std::string_view s) {
  size_t longest = 0;
  size_t run = 0;
  std::string body;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (c == '|') {
      body += "\\|";
    } else if (c == '\n' || c == '\r') {
      body += ' ';
    } else {
      body += c;
    }
  }
  if (body.empty()) return "";
  const std::string fence(longest + 1, '`');
  const bool pad = body.front() == '`' || body.back() == '`';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string Location(const Span& span) {
  std::string out(span.path());
  if (span.begin.line > 0) {
    out += ':' + std::to_string(span.begin.line);
    out += ':' + std::to_string(std::max<uint32_t>(span.begin.column, 1));
  }
  return out;
}

std::string_view Icon(Severity s) {
  switch (s) {
    case Severity::kError:
      return "\xE2\x9D\x8C";  // ❌
    case Severity::kWarning:
      return "\xE2\x9A\xA0\xEF\xB8\x8F";  // ⚠️
    case Severity::kNote:
      return "\xE2\x84\xB9\xEF\xB8\x8F";  // ℹ️
  }
  return "";
}

}  // namespace

std::string EmitMarkdown(const Report& report) {
  const SeverityCounts counts = CountSeverities(report.diagnostics);
  const std::string files = CountNoun(report.files_checked, "file");
  std::string out = "## fluxlint\n\n";

  if (counts.total() == 0) {
    out += "\xE2\x9C\x85 No problems found in " + files + ".\n\n";
  } else {
    const Severity worst = counts.errors > 0     ? Severity::kError
                           : counts.warnings > 0 ? Severity::kWarning
                                                 : Severity::kNote;
    out += std::string(Icon(worst)) + " **" + CountNoun(counts.errors, "error") + ", " +
           CountNoun(counts.warnings, "warning") + ", " + CountNoun(counts.notes, "note") +
           "** in " + files + ".\n\n";
  }

  if (!report.head_revision.empty()) {
    out += "Checked " + CodeCell(report.head_revision);
    if (!report.base_revision.empty()) {
      out += " against " + CodeCell(report.base_revision);
    } else {
      out += " (no base revision: diff rules off)";
    }
    out += ".\n\n";
  }

  out += "| Errors | Warnings | Notes | Files |\n";
  out += "| ---: | ---: | ---: | ---: |\n";
  out += "| " + std::to_string(counts.errors) + " | " + std::to_string(counts.warnings) + " | " +
         std::to_string(counts.notes) + " | " + std::to_string(report.files_checked) + " |\n";

  if (!report.notes.empty()) {
    out += "\n**Notes**\n\n";
    for (const std::string& note : report.notes) out += "- " + EscapeCell(note) + '\n';
  }

  if (!report.diagnostics.empty()) {
    out += "\n| Severity | Rule | Location | Message |\n";
    out += "| --- | --- | --- | --- |\n";
    const size_t shown = std::min(report.diagnostics.size(), kMaxRows);
    for (size_t i = 0; i < shown; ++i) {
      const Diagnostic& d = report.diagnostics[i];
      std::string message = EscapeCell(d.message);
      if (!d.help.empty()) message += "<br>*help:* " + EscapeCell(d.help);
      out += "| " + std::string(Icon(d.severity)) + ' ' + std::string(SeverityName(d.severity)) +
             " | " + CodeCell(d.rule_id) + " | " + CodeCell(Location(d.span)) + " | " + message +
             " |\n";
    }
    if (report.diagnostics.size() > shown) {
      out += "\n_\xE2\x80\xA6 and " + std::to_string(report.diagnostics.size() - shown) +
             " more (see the full report)._\n";
    }
  }
  return out;
}

}  // namespace fluxlint::output
