#pragma once
// A YAML mapping of a plan file read strictly: every key must be one the caller knows (a typo is
// an error, not a silently ignored setting), no key twice, and every value of the type asked for.
// Every failure is a PlanError with the file, the line and the key at fault.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace needlerig::rig::plan {

/// 1-based line of a node (yaml-cpp counts from 0).
std::size_t line_of(const YAML::Node& node);

class YamlMap {
 public:
  /// `node` must be a mapping whose keys are all in `known_keys`; `name` is the key the map sits
  /// under (for messages about the map itself).
  YamlMap(const YAML::Node& node, std::string file, std::string name,
          std::vector<std::string_view> known_keys);

  bool has(std::string_view key) const;
  std::size_t line() const { return line_; }
  /// Line of the key where present, else the map's line (a missing key is reported there).
  std::size_t line_of_key(std::string_view key) const;
  /// The value under `key`; throws "missing" when absent.
  const YAML::Node& value(std::string_view key) const;

  double number(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;
  int integer(std::string_view key) const;
  std::optional<int> optional_integer(std::string_view key) const;
  std::string text(std::string_view key) const;
  std::optional<std::string> optional_text(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  struct Entry {
    std::string key;
    std::size_t line;
    YAML::Node value;
  };
  const Entry* find(std::string_view key) const;
  const YAML::Node& scalar(std::string_view key, std::string_view expected) const;

  std::string file_;
  std::string name_;
  std::size_t line_;
  std::vector<Entry> entries_;
};

}  // namespace needlerig::rig::plan
