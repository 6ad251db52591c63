#include "rig/scpi/scpi_command.hpp"

#include <cctype>

#include "rig/scpi/scpi_reply.hpp"

namespace needlerig::rig::scpi {

namespace {
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool header_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '*' || c == '_';
}

/// The units of a message, split at ';' outside quoted strings.
std::vector<std::string_view> split_units(std::string_view line) {
  std::vector<std::string_view> units;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ';') {
      units.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quote != 0) throw ScpiCommandError(kSyntaxError, "Syntax error; unterminated string");
  units.push_back(line.substr(start));
  return units;
}

std::vector<std::string> split_arguments(std::string_view text) {
  std::vector<std::string> arguments;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ',') {
      const std::string_view argument = trimmed(text.substr(start, i - start));
      if (argument.empty()) throw ScpiCommandError(kSyntaxError, "Syntax error; empty argument");
      arguments.emplace_back(argument);
      start = i + 1;
    }
  }
  return arguments;
}

/// One node of a header pattern: its long form (upper case) and short form (the upper-case
/// letters and the digits), and whether it may be left out.
struct PatternNode {
  std::string long_form;
  std::string short_form;
  bool optional = false;
};

std::vector<PatternNode> pattern_nodes(std::string_view pattern) {
  std::vector<PatternNode> nodes;
  bool optional = false;
  PatternNode node;
  const auto finish = [&] {
    if (!node.long_form.empty()) nodes.push_back(node);
    node = PatternNode{};
  };
  for (const char c : pattern) {
    if (c == '[') {
      finish();
      optional = true;
    } else if (c == ']') {
      node.optional = true;
      finish();
      optional = false;
    } else if (c == ':') {
      const bool keep = optional;
      finish();
      optional = keep;
    } else {
      node.optional = optional;
      node.long_form += upper(c);
      if (std::isupper(static_cast<unsigned char>(c)) != 0 ||
          std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '*') {
        node.short_form += c;
      }
    }
  }
  finish();
  return nodes;
}

std::vector<std::string> header_nodes(std::string_view header) {
  std::vector<std::string> nodes;
  std::string node;
  for (const char c : header) {
    if (c == ':') {
      if (!node.empty()) nodes.push_back(node);
      node.clear();
    } else {
      node += upper(c);
    }
  }
  if (!node.empty()) nodes.push_back(node);
  return nodes;
}

bool match_from(const std::vector<PatternNode>& pattern, std::size_t p,
                const std::vector<std::string>& header, std::size_t h) {
  if (p == pattern.size()) return h == header.size();
  const PatternNode& node = pattern[p];
  if (h < header.size() && (header[h] == node.long_form || header[h] == node.short_form) &&
      match_from(pattern, p + 1, header, h + 1)) {
    return true;
  }
  return node.optional && match_from(pattern, p + 1, header, h);
}
}  // namespace

std::vector<ProgramUnit> parse_program_message(std::string_view line) {
  std::vector<ProgramUnit> units;
  for (const std::string_view raw : split_units(line)) {
    const std::string_view text = trimmed(raw);
    if (text.empty()) {
      if (units.empty() && trimmed(line).empty()) return units;  // an empty line: nothing
      throw ScpiCommandError(kSyntaxError, "Syntax error; empty program unit");
    }
    std::size_t end = 0;
    while (end < text.size() && header_char(text[end])) ++end;
    ProgramUnit unit;
    unit.header = std::string(text.substr(0, end));
    if (end < text.size() && text[end] == '?') {
      unit.query = true;
      ++end;
    }
    if (unit.header.empty() || unit.header.back() == ':' ||
        unit.header.find("::") != std::string::npos) {
      throw ScpiCommandError(kSyntaxError, "Syntax error; bad header");
    }
    if (end < text.size() && text[end] != ' ' && text[end] != '\t') {
      throw ScpiCommandError(kSyntaxError, "Syntax error; invalid character in header");
    }
    const std::string_view rest = trimmed(text.substr(end));
    if (!rest.empty()) unit.arguments = split_arguments(rest);
    units.push_back(std::move(unit));
  }
  return units;
}

bool header_matches(std::string_view pattern, std::string_view header) {
  return match_from(pattern_nodes(pattern), 0, header_nodes(header), 0);
}

double numeric_argument(const ProgramUnit& unit) {
  if (unit.arguments.empty()) throw ScpiCommandError(kMissingParameter, "Missing parameter");
  if (unit.arguments.size() > 1) {
    throw ScpiCommandError(kParameterNotAllowed, "Parameter not allowed");
  }
  try {
    return parse_number(unit.arguments[0]);
  } catch (const ScpiReplyError&) {
    throw ScpiCommandError(kDataTypeError, "Data type error; not a number");
  }
}

bool boolean_argument(const ProgramUnit& unit) {
  if (unit.arguments.empty()) throw ScpiCommandError(kMissingParameter, "Missing parameter");
  if (unit.arguments.size() > 1) {
    throw ScpiCommandError(kParameterNotAllowed, "Parameter not allowed");
  }
  try {
    return parse_bool(unit.arguments[0]);
  } catch (const ScpiReplyError&) {
    throw ScpiCommandError(kDataTypeError, "Data type error; not a boolean");
  }
}

}  // namespace needlerig::rig::scpi
