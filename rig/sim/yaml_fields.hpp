#pragma once
// Reading a YAML configuration file (fault plan, pen model, phantom, station) with errors that
// name the file, the line and the key: "fixtures/pens/x.yaml:12: key 'needle_count': must be an
// integer >= 1". Every loader reads mappings through YamlMap, which also refuses keys it does not
// know (a misspelt key is an error, not a silently ignored setting).

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace needlerig::rig::sim {

/// Bad configuration input: `what()` is "<file>:<line>: key '<key>': <message>".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::filesystem::path& file, int line, const std::string& key,
              const std::string& message);
  const std::filesystem::path& file() const { return file_; }
  int line() const { return line_; }  // 1-based; 0 when the file could not be read at all
  const std::string& key() const { return key_; }

 private:
  std::filesystem::path file_;
  int line_;
  std::string key_;
};

/// Parses a file; unreadable files and YAML syntax errors become ConfigError with the line.
YAML::Node load_yaml_file(const std::filesystem::path& file);

/// A mapping node of a file. Accessors throw ConfigError naming the key and its line.
class YamlMap {
 public:
  /// `prefix` names the mapping inside the file for messages ("daq.", "faults[2].").
  YamlMap(const YAML::Node& node, std::filesystem::path file, std::string prefix = "");
  ~YamlMap() = default;
  YamlMap(const YamlMap&) = default;

  bool has(const std::string& key) const;
  double number(const std::string& key) const;
  double number_or(const std::string& key, double fallback) const;
  std::optional<double> optional_number(const std::string& key) const;
  /// A number within [min, max] (either end may be +/-infinity).
  double number_in(const std::string& key, double min, double max) const;
  double number_in_or(const std::string& key, double min, double max, double fallback) const;
  std::int64_t integer_in(const std::string& key, std::int64_t min, std::int64_t max) const;
  std::int64_t integer_in_or(const std::string& key, std::int64_t min, std::int64_t max,
                             std::int64_t fallback) const;
  std::string text(const std::string& key) const;
  std::string text_or(const std::string& key, const std::string& fallback) const;
  bool flag_or(const std::string& key, bool fallback) const;
  YamlMap map(const std::string& key) const;
  /// A sequence of numbers.
  std::vector<double> numbers(const std::string& key) const;
  /// A sequence (of anything); its items are read by the caller through item_map().
  std::vector<YAML::Node> sequence(const std::string& key) const;
  YamlMap item_map(const std::string& key, std::size_t index, const YAML::Node& item) const;
  /// A path relative to the file's directory (absolute paths stay as they are).
  std::filesystem::path path(const std::string& key) const;

  /// Throws for the first key of the mapping that no accessor asked for.
  void reject_unknown_keys() const;
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  const std::filesystem::path& file() const { return file_; }
  const YAML::Node& node() const { return node_; }

 private:
  YAML::Node get(const std::string& key) const;  // required, scalar or not
  int line_of(const std::string& key) const;

  YAML::Node node_;
  std::filesystem::path file_;
  std::string prefix_;
  mutable std::set<std::string> used_;
};

}  // namespace needlerig::rig::sim
