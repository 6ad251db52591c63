#include "rig/plan/yaml_map.hpp"

#include <cmath>

#include "rig/plan/close_names.hpp"
#include "rig/plan/plan_error.hpp"

namespace needlerig::rig::plan {
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

}  // namespace

std::size_t line_of(const YAML::Node& node) {
  const auto mark = node.Mark();
  return mark.line < 0 ? 0 : static_cast<std::size_t>(mark.line) + 1;
}

YamlMap::YamlMap(const YAML::Node& node, std::string file, std::string name,
                 std::vector<std::string_view> known_keys)
    : file_(std::move(file)), name_(std::move(name)), line_(line_of(node)) {
  if (!node.IsMap()) {
    throw PlanError(file_, line_, name_, "expected a mapping of keys, got " + describe(node));
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::size_t key_line = line_of(it->first);
    if (!it->first.IsScalar()) {
      throw PlanError(file_, key_line, name_, "a key must be a plain name");
    }
    const std::string key = it->first.Scalar();
    bool known = false;
    for (const auto k : known_keys) known = known || k == key;
    if (!known) {
      throw PlanError(file_, key_line, key,
                      "unknown key in '" + name_ + "'" + did_you_mean(key, known_keys) +
                          " (known: " + known_list(known_keys) + ")");
    }
    if (find(key) != nullptr) {
      throw PlanError(file_, key_line, key, "given twice in '" + name_ + "'");
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
  throw PlanError(file_, line_of_key(key), std::string(key), message);
}

const YAML::Node& YamlMap::value(std::string_view key) const {
  const auto* entry = find(key);
  if (entry == nullptr) fail(key, "missing (required in '" + name_ + "')");
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

int YamlMap::integer(std::string_view key) const {
  const auto& node = scalar(key, "a whole number");
  int number = 0;
  if (!YAML::convert<int>::decode(node, number)) {
    fail(key, "expected a whole number, got " + describe(node));
  }
  return number;
}

std::optional<int> YamlMap::optional_integer(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return integer(key);
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

}  // namespace needlerig::rig::plan
