#pragma once
// A YAML mapping read strictly: every key must be one the caller knows (a typo is an error with
// the close known keys, not a silently ignored setting), no key twice, and every value of the type
// asked for. Every failure is a ConfigError with the file, the line and the key at fault. Plans,
// fault plans, pen and phantom models and station files are all read through it.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::config {

/// 1-based line of a node (yaml-cpp counts from 0); 0 when the node has no position.
std::size_t line_of(const YAML::Node& node);

class YamlMap {
 public:
  /// `node` must be a mapping whose keys are all in `known_keys`; `name` is where the map sits
  /// ("capture", or "" for a file's top level), for messages about the map itself. Errors name
  /// its keys bare ("duration_s").
  YamlMap(const YAML::Node& node, std::string file, std::string name,
          std::vector<std::string_view> known_keys);

  bool has(std::string_view key) const;
  std::size_t line() const { return line_; }
  /// Line of the key where present, else the map's line (a missing key is reported there).
  std::size_t line_of_key(std::string_view key) const;
  const std::string& file() const { return file_; }
  /// The value under `key`; throws "missing" when absent.
  const YAML::Node& value(std::string_view key) const;

  double number(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;
  double number_or(std::string_view key, double fallback) const;
  /// A number within [min, max] (either end may be +/-infinity).
  double number_in(std::string_view key, double min, double max) const;
  double number_in_or(std::string_view key, double min, double max, double fallback) const;
  std::int64_t integer(std::string_view key) const;
  std::optional<std::int64_t> optional_integer(std::string_view key) const;
  std::int64_t integer_in(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::int64_t integer_in_or(std::string_view key, std::int64_t min, std::int64_t max,
                             std::int64_t fallback) const;
  /// A non-empty text.
  std::string text(std::string_view key) const;
  std::optional<std::string> optional_text(std::string_view key) const;
  std::string text_or(std::string_view key, const std::string& fallback) const;
  bool flag_or(std::string_view key, bool fallback) const;
  /// A list of numbers.
  std::vector<double> numbers(std::string_view key) const;
  /// A list (of anything); mapping items are read through item_map().
  std::vector<YAML::Node> sequence(std::string_view key) const;
  /// The mapping under `key`. Errors name its keys by path ("daq.sample_rate_hz").
  YamlMap map(std::string_view key, std::vector<std::string_view> known_keys) const;
  /// Item `index` of the list under `key`, a mapping ("daq.channels[1].scale" in errors).
  YamlMap item_map(std::string_view key, std::size_t index, const YAML::Node& item,
                   std::vector<std::string_view> known_keys) const;
  /// A path relative to the file's directory (absolute paths stay as they are).
  std::string path(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  struct Entry {
    std::string key;
    std::size_t line;
    YAML::Node value;
  };
  /// `key_prefix` is put before every key in errors: "" or the map's path and a dot ("daq.").
  YamlMap(const YAML::Node& node, std::string file, std::string name, std::string key_prefix,
          std::vector<std::string_view> known_keys);
  const Entry* find(std::string_view key) const;
  const YAML::Node& scalar(std::string_view key, std::string_view expected) const;

  std::string file_;
  std::string name_;
  std::string key_prefix_;
  std::size_t line_;
  std::vector<Entry> entries_;
};

}  // namespace needlerig::rig::config
