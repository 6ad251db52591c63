#include "rig/config/yaml_map.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <utility>

#include "rig/config/close_names.hpp"
#include "rig/config/config_error.hpp"

namespace needlerig::rig::config {
namespace {

std::string describe(const YAML::Node& node) {
  if (node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "'" + node.Scalar() + "'";
}

std::string known_list(const std::vector<std::string_view>& keys) {
  std::string text;
  for (const auto key : keys) {
    if (!text.empty()) text += ", ";
    text += key;
  }
  return text;
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

/// A finite number, or nullopt for anything else (text, .nan, .inf, a list).
std::optional<double> finite_number(const YAML::Node& node) {
  double number = 0.0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, number) || !std::isfinite(number)) {
    return std::nullopt;
  }
  return number;
}

}  // namespace

std::size_t line_of(const YAML::Node& node) {
  const auto mark = node.Mark();
  return mark.line < 0 ? 0 : static_cast<std::size_t>(mark.line) + 1;
}

YamlMap::YamlMap(const YAML::Node& node, std::string file, std::string name,
                 std::vector<std::string_view> known_keys)
    : YamlMap(node, std::move(file), std::move(name), "", std::move(known_keys)) {}

YamlMap::YamlMap(const YAML::Node& node, std::string file, std::string name, std::string key_prefix,
                 std::vector<std::string_view> known_keys)
    : file_(std::move(file)),
      name_(std::move(name)),
      key_prefix_(std::move(key_prefix)),
      line_(line_of(node)) {
  if (!node.IsMap()) {
    throw ConfigError(file_, line_, name_, "expected a mapping of keys, got " + describe(node));
  }
  const std::string where = name_.empty() ? "" : " in '" + name_ + "'";
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::size_t key_line = line_of(it->first);
    if (!it->first.IsScalar()) {
      throw ConfigError(file_, key_line, name_, "a key must be a plain name");
    }
    const std::string key = it->first.Scalar();
    bool known = false;
    for (const auto k : known_keys) known = known || k == key;
    if (!known) {
      throw ConfigError(file_, key_line, key_prefix_ + key,
                        "unknown key" + where + did_you_mean(key, known_keys) +
                            " (known: " + known_list(known_keys) + ")");
    }
    if (find(key) != nullptr) {
      throw ConfigError(file_, key_line, key_prefix_ + key, "given twice" + where);
    }
    entries_.push_back(Entry{key, key_line, it->second});
  }
}

const YamlMap::Entry* YamlMap::find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool YamlMap::has(std::string_view key) const { return find(key) != nullptr; }

std::size_t YamlMap::line_of_key(std::string_view key) const {
  const auto* entry = find(key);
  return entry != nullptr ? entry->line : line_;
}

void YamlMap::fail(std::string_view key, const std::string& message) const {
  throw ConfigError(file_, line_of_key(key), key_prefix_ + std::string(key), message);
}

const YAML::Node& YamlMap::value(std::string_view key) const {
  const auto* entry = find(key);
  if (entry == nullptr) {
    fail(key, name_.empty() ? "missing (required)" : "missing (required in '" + name_ + "')");
  }
  return entry->value;
}

const YAML::Node& YamlMap::scalar(std::string_view key, std::string_view expected) const {
  const auto& node = value(key);
  if (!node.IsScalar()) fail(key, "expected " + std::string(expected) + ", got " + describe(node));
  return node;
}

double YamlMap::number(std::string_view key) const {
  const auto& node = scalar(key, "a number");
  double number = 0.0;
  if (!YAML::convert<double>::decode(node, number)) {
    fail(key, "expected a number, got " + describe(node));
  }
  if (!std::isfinite(number)) fail(key, "expected a finite number, got " + describe(node));
  return number;
}

std::optional<double> YamlMap::optional_number(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return number(key);
}

double YamlMap::number_or(std::string_view key, double fallback) const {
  return has(key) ? number(key) : fallback;
}

double YamlMap::number_in(std::string_view key, double min, double max) const {
  const double x = number(key);
  if (x < min || x > max) {
    std::string range = "must be ";
    if (min == -std::numeric_limits<double>::infinity()) {
      range += "<= " + number_text(max);
    } else if (max == std::numeric_limits<double>::infinity()) {
      range += ">= " + number_text(min);
    } else {
      range += "in [" + number_text(min) + ", " + number_text(max) + "]";
    }
    fail(key, range + ", not " + number_text(x));
  }
  return x;
}

double YamlMap::number_in_or(std::string_view key, double min, double max, double fallback) const {
  return has(key) ? number_in(key, min, max) : fallback;
}

std::int64_t YamlMap::integer(std::string_view key) const {
  const auto& node = scalar(key, "a whole number");
  std::int64_t number = 0;
  if (!YAML::convert<std::int64_t>::decode(node, number)) {
    fail(key, "expected a whole number, got " + describe(node));
  }
  return number;
}

std::optional<std::int64_t> YamlMap::optional_integer(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return integer(key);
}

std::int64_t YamlMap::integer_in(std::string_view key, std::int64_t min, std::int64_t max) const {
  const std::int64_t x = integer(key);
  if (x < min || x > max) {
    fail(key, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], not " +
                  std::to_string(x));
  }
  return x;
}

std::int64_t YamlMap::integer_in_or(std::string_view key, std::int64_t min, std::int64_t max,
                                    std::int64_t fallback) const {
  return has(key) ? integer_in(key, min, max) : fallback;
}

std::string YamlMap::text(std::string_view key) const {
  const auto& node = scalar(key, "a text");
  if (node.Scalar().empty()) fail(key, "must not be empty");
  return node.Scalar();
}

std::optional<std::string> YamlMap::optional_text(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return text(key);
}

std::string YamlMap::text_or(std::string_view key, const std::string& fallback) const {
  return has(key) ? text(key) : fallback;
}

bool YamlMap::flag_or(std::string_view key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& node = scalar(key, "true or false");
  if (node.Scalar() == "true") return true;
  if (node.Scalar() == "false") return false;
  fail(key, "expected true or false, got " + describe(node));
}

std::vector<double> YamlMap::numbers(std::string_view key) const {
  const auto& node = value(key);
  if (!node.IsSequence())
    fail(key, "expected a list of numbers, e.g. [1, 2], got " + describe(node));
  std::vector<double> out;
  for (const auto& item : node) {
    const auto number = finite_number(item);
    if (!number) {
      throw ConfigError(file_, line_of(item), key_prefix_ + std::string(key),
                        "list item " + describe(item) + " is not a finite number");
    }
    out.push_back(*number);
  }
  return out;
}

std::vector<YAML::Node> YamlMap::sequence(std::string_view key) const {
  const auto& node = value(key);
  if (!node.IsSequence()) fail(key, "expected a list, got " + describe(node));
  return std::vector<YAML::Node>(node.begin(), node.end());
}

YamlMap YamlMap::map(std::string_view key, std::vector<std::string_view> known_keys) const {
  const std::string name = key_prefix_ + std::string(key);
  return YamlMap(value(key), file_, name, name + ".", std::move(known_keys));
}

YamlMap YamlMap::item_map(std::string_view key, std::size_t index, const YAML::Node& item,
                          std::vector<std::string_view> known_keys) const {
  const std::string name = key_prefix_ + std::string(key) + "[" + std::to_string(index) + "]";
  return YamlMap(item, file_, name, name + ".", std::move(known_keys));
}

std::string YamlMap::path(std::string_view key) const {
  const std::filesystem::path p = text(key);
  return (p.is_absolute() ? p : std::filesystem::path(file_).parent_path() / p).string();
}

}  // namespace needlerig::rig::config
