#include "diff/quantity.h"

#include <cctype>
#include <cmath>
#include <string>

namespace fluxlint::diff {

std::optional<long double> ParseQuantity(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  long double value = 0;
  size_t digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    value = value * 10 + (text[i] - '0');
    ++i;
    ++digits;
  }
  int decimals = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + (text[i] - '0');
      ++decimals;
      ++i;
      ++digits;
    }
  }
  if (decimals > 0) value /= std::pow(10.0L, decimals);
  if (digits == 0) return std::nullopt;
  std::string_view suffix = text.substr(i);
  long double factor = 1;
  if (suffix.empty()) {
  } else if (suffix == "Ki") {
    factor = 1024.0L;
  } else if (suffix == "Mi") {
    factor = std::pow(1024.0L, 2);
  } else if (suffix == "Gi") {
    factor = std::pow(1024.0L, 3);
  } else if (suffix == "Ti") {
    factor = std::pow(1024.0L, 4);
  } else if (suffix == "Pi") {
    factor = std::pow(1024.0L, 5);
  } else if (suffix == "Ei") {
    factor = std::pow(1024.0L, 6);
  } else if (suffix == "n") {
    factor = -1e9L;  // negative: divide
  } else if (suffix == "u") {
    factor = -1e6L;
  } else if (suffix == "m") {
    factor = -1e3L;
  } else if (suffix == "k") {
    factor = 1e3L;
  } else if (suffix == "M") {
    factor = 1e6L;
  } else if (suffix == "G") {
    factor = 1e9L;
  } else if (suffix == "T") {
    factor = 1e12L;
  } else if (suffix == "P") {
    factor = 1e15L;
  } else if (suffix == "E") {
    factor = 1e18L;
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    std::string_view exp = suffix.substr(1);
    bool neg_exp = false;
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) {
      neg_exp = exp[0] == '-';
      exp.remove_prefix(1);
    }
    if (exp.empty() || exp.size() > 3) return std::nullopt;
    int e = 0;
    for (char c : exp) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      e = e * 10 + (c - '0');
    }
    factor = neg_exp ? -std::pow(10.0L, e) : std::pow(10.0L, e);
  } else {
    return std::nullopt;
  }
  value = factor < 0 ? value / -factor : value * factor;
  return negative ? -value : value;
}

}  // namespace fluxlint::diff
