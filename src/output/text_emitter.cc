// The human-readable format: one block per finding with a code frame, then run notes and a
// closing summary line.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "output/emitters.h"
#include "output/format_util.h"

namespace fluxlint::output {
namespace {

constexpr int kMaxLineWidth = 200;  // columns of source text shown per line before cutting
constexpr int kLeftContext = 60;    // columns kept left of the span when a long line is cut
constexpr int kTabWidth = 4;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one column wide

// SGR parameters.
constexpr std::string_view kBold = "1";
constexpr std::string_view kRed = "1;31";
constexpr std::string_view kYellow = "1;33";
constexpr std::string_view kCyan = "1;36";
constexpr std::string_view kBlue = "1;34";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}

  std::string operator()(std::string_view text, std::string_view sgr) const {
    if (!color_ || text.empty()) return std::string(text);
    std::string out = "\x1B[";
    out += sgr;
    out += 'm';
    out += text;
    out += "\x1B[0m";
    return out;
  }

 private:
  bool color_;
};

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kNote:
      return kCyan;
  }
  return kRed;
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }

// Replaces invalid UTF-8 and control characters (other than newline and tab) by U+FFFD so a
// message taken from a file cannot move the cursor or change colours on a terminal.
std::string Sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    CodePoint cp = DecodeUtf8(s, pos);
    if (!cp.valid || (IsControl(cp.value) && cp.value != '\n' && cp.value != '\t')) {
      AppendUtf8(out, 0xFFFD);
    } else {
      out.append(s.substr(pos, cp.length));
    }
    pos += cp.length;
  }
  return out;
}

// One code point of a source line as it is drawn.
struct Cell {
  std::string text;
  int width = 1;
};

std::vector<Cell> SplitCells(std::string_view line) {
  std::vector<Cell> cells;
  cells.reserve(line.size());
  for (size_t pos = 0; pos < line.size();) {
    CodePoint cp = DecodeUtf8(line, pos);
    Cell cell;
    if (cp.valid && cp.value == '\t') {
      cell.text.assign(kTabWidth, ' ');
      cell.width = kTabWidth;
    } else if (!cp.valid || IsControl(cp.value)) {
      AppendUtf8(cell.text, 0xFFFD);
    } else {
      cell.text.assign(line.substr(pos, cp.length));
      cell.width = CodePointWidth(cp.value);
    }
    cells.push_back(std::move(cell));
    pos += cp.length;
  }
  return cells;
}

// The display columns [left, right) of a line that are shown.
struct Window {
  int left = 0;
  int right = 0;
};

int TotalWidth(const std::vector<Cell>& cells) {
  int total = 0;
  for (const Cell& c : cells) total += c.width;
  return total;
}

int StartColumn(const std::vector<Cell>& cells, size_t index) {
  int col = 0;
  for (size_t i = 0; i < index && i < cells.size(); ++i) col += cells[i].width;
  return col;
}

// Keeps the whole line when it is short, otherwise kMaxLineWidth columns around `focus`.
Window ChooseWindow(const std::vector<Cell>& cells, size_t focus) {
  const int total = TotalWidth(cells);
  if (total <= kMaxLineWidth) return {0, std::max(total, kMaxLineWidth)};
  const int start = StartColumn(cells, focus);
  Window w;
  w.left = std::max(0, start - kLeftContext);
  w.right = w.left + kMaxLineWidth;
  if (w.right > total) {
    w.right = total;
    w.left = std::max(0, total - kMaxLineWidth);
  }
  return w;
}

// A source line cut to a window, with where each cell landed.
struct Rendered {
  std::string text;
  std::vector<int> column;  // output column of each cell, -1 when cut away
  int end_column = 0;       // output column just after the last shown cell
};

Rendered Render(const std::vector<Cell>& cells, Window window) {
  Rendered r;
  r.column.assign(cells.size(), -1);
  int out_col = 0;
  if (window.left > 0) {
    r.text += kEllipsis;
    out_col = 1;
  }
  int col = 0;
  bool cut_right = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    const int start = col;
    col += cells[i].width;
    if (start < window.left) continue;
    if (col > window.right) {
      cut_right = true;
      break;
    }
    r.column[i] = out_col;
    r.text += cells[i].text;
    out_col += cells[i].width;
  }
  r.end_column = out_col;
  if (cut_right) r.text += kEllipsis;
  return r;
}

size_t Digits(uint32_t n) {
  size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

bool HasFrame(const Span& span) { return span.file != nullptr && span.begin.line > 0; }

std::string Location(const Span& span) {
  std::string out(span.path());
  if (span.begin.line > 0) {
    out += ':' + std::to_string(span.begin.line);
    out += ':' + std::to_string(std::max<uint32_t>(span.begin.column, 1));
  }
  return out;
}

class DiagnosticWriter {
 public:
  DiagnosticWriter(const Diagnostic& d, const Painter& paint, std::string& out)
      : d_(d), paint_(paint), out_(out) {
    uint32_t max_line = 0;
    if (HasFrame(d.span)) max_line = d.span.begin.line;
    for (const RelatedSpan& r : d.related) {
      if (HasFrame(r.span)) max_line = std::max(max_line, r.span.begin.line);
    }
    gutter_ = Digits(max_line);
  }

  void Write() {
    WriteHeader();
    if (HasFrame(d_.span)) {
      BlankGutter();
      WriteFrame(d_.span, '^', SeverityColor(d_.severity), "", /*context=*/true);
    }
    for (const RelatedSpan& r : d_.related) {
      if (HasFrame(r.span)) {
        if (HasFrame(d_.span) || &r != &d_.related.front()) BlankGutter();
        out_ += std::string(gutter_, ' ') + paint_(":::", kBlue) + ' ' +
                Sanitize(Location(r.span)) + '\n';
        BlankGutter();
        WriteFrame(r.span, '-', kBlue, r.message, /*context=*/false);
      } else {
        std::string text = Sanitize(r.message);
        if (r.span.file != nullptr) text += " (" + Sanitize(r.span.path()) + ")";
        Equals("note", text);
      }
    }
    if (!d_.help.empty()) Equals("help", Sanitize(d_.help));
  }

 private:
  void WriteHeader() {
    std::string location = Location(d_.span);
    if (!location.empty()) out_ += paint_(Sanitize(location) + ":", kBold) + ' ';
    std::string tag(SeverityName(d_.severity));
    tag += '[' + Sanitize(d_.rule_id) + ']';
    out_ += paint_(tag, SeverityColor(d_.severity));
    out_ += paint_(" " + Sanitize(d_.message), kBold);
    out_ += '\n';
  }

  void BlankGutter() { out_ += std::string(gutter_ + 1, ' ') + paint_("|", kBlue) + '\n'; }

  void Equals(std::string_view kind, const std::string& text) {
    out_ += std::string(gutter_ + 1, ' ') + paint_("=", kBlue) + ' ' +
            paint_(std::string(kind) + ":", kBold) + ' ' + text + '\n';
  }

  void SourceLine(uint32_t number, const std::string& text) {
    out_ += paint_(PadLeft(std::to_string(number), gutter_) + " |", kBlue);
    if (!text.empty()) out_ += ' ' + text;
    out_ += '\n';
  }

  // The span's first line (and, for the primary span, the line before it) with a marker line.
  void WriteFrame(const Span& span, char marker, std::string_view sgr, const std::string& label,
                  bool context) {
    const SourceFile& file = *span.file;
    const uint32_t line_no = span.begin.line;
    std::vector<Cell> cells = SplitCells(file.Line(line_no));
    const size_t first =
        std::min<size_t>(span.begin.column > 0 ? span.begin.column - 1 : 0, cells.size());
    size_t last = first;  // exclusive
    if (span.end.line == line_no && span.end.column > span.begin.column) {
      last = std::min<size_t>(span.end.column - 1, cells.size());
    } else if (span.end.line > line_no) {
      last = cells.size();
    }
    const Window window = ChooseWindow(cells, first);

    if (context && line_no > 1) {
      SourceLine(line_no - 1, Render(SplitCells(file.Line(line_no - 1)), window).text);
    }
    Rendered rendered = Render(cells, window);
    SourceLine(line_no, rendered.text);

    int caret_col = rendered.end_column;
    if (first < cells.size() && rendered.column[first] >= 0) caret_col = rendered.column[first];
    int caret_len = 0;
    for (size_t i = first; i < last; ++i) {
      if (rendered.column[i] >= 0) caret_len += cells[i].width;
    }
    caret_len = std::max(caret_len, 1);

    std::string line = std::string(gutter_ + 1, ' ') + paint_("|", kBlue) + ' ' +
                       std::string(static_cast<size_t>(caret_col), ' ') +
                       paint_(std::string(static_cast<size_t>(caret_len), marker), sgr);
    if (!label.empty()) line += ' ' + paint_(Sanitize(label), sgr);
    out_ += line + '\n';
  }

  const Diagnostic& d_;
  const Painter& paint_;
  std::string& out_;
  size_t gutter_ = 1;
};

}  // namespace

std::string EmitText(const Report& report, const EmitOptions& options) {
  const Painter paint(options.color);
  std::string out;
  for (const Diagnostic& d : report.diagnostics) {
    DiagnosticWriter(d, paint, out).Write();
    out += '\n';
  }
  for (const std::string& note : report.notes) {
    out += paint("note:", kCyan) + ' ' + Sanitize(note) + '\n';
  }
  const SeverityCounts counts = CountSeverities(report.diagnostics);
  const std::string files = CountNoun(report.files_checked, "file");
  if (counts.total() == 0) {
    out += paint("No problems found in " + files + ".", kBold) + '\n';
  } else {
    out += paint("Found " + CountNoun(counts.errors, "error") + ", " +
                     CountNoun(counts.warnings, "warning") + ", " +
                     CountNoun(counts.notes, "note") + " in " + files + ".",
                 kBold) +
           '\n';
  }
  return out;
}

}  // namespace fluxlint::output
