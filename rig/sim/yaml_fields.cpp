#include "rig/sim/yaml_fields.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace needlerig::rig::sim {

namespace {
std::string describe(const std::filesystem::path& file, int line, const std::string& key,
                     const std::string& message) {
  std::string out = file.string();
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!key.empty()) out += "key '" + key + "': ";
  return out + message;
}

int mark_line(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}
}  // namespace

ConfigError::ConfigError(const std::filesystem::path& file, int line, const std::string& key,
                         const std::string& message)
    : std::runtime_error(describe(file, line, key, message)), file_(file), line_(line), key_(key) {}

YAML::Node load_yaml_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ConfigError(file, 0, "", "cannot open the file");
  try {
    YAML::Node root = YAML::Load(in);
    if (!root.IsMap()) {
      throw ConfigError(file, mark_line(root), "", "the file must hold a YAML mapping");
    }
    return root;
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.is_null() ? 0 : e.mark.line + 1, "", "YAML syntax: " + e.msg);
  }
}

YamlMap::YamlMap(const YAML::Node& node, std::filesystem::path file, std::string prefix)
    : node_(node), file_(std::move(file)), prefix_(std::move(prefix)) {
  if (!node_.IsMap()) {
    throw ConfigError(file_, mark_line(node_),
                      prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1),
                      "must be a mapping of key: value");
  }
}

void YamlMap::fail(const std::string& key, const std::string& message) const {
  throw ConfigError(file_, line_of(key), prefix_ + key, message);
}

int YamlMap::line_of(const std::string& key) const {
  // The line of the key itself (a missing key: the line of the mapping).
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return mark_line(it->first);
  }
  return mark_line(node_);
}

bool YamlMap::has(const std::string& key) const {
  used_.insert(key);
  return static_cast<bool>(node_[key]);
}

YAML::Node YamlMap::get(const std::string& key) const {
  used_.insert(key);
  const YAML::Node value = node_[key];
  if (!value) fail(key, "missing (required)");
  if (value.IsNull()) fail(key, "has no value");
  return value;
}

double YamlMap::number(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value.IsScalar()) fail(key, "must be a number");
  const std::string& text = value.Scalar();
  double x = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(x)) {
    fail(key, "must be a finite number, not '" + text + "'");
  }
  return x;
}

double YamlMap::number_or(const std::string& key, double fallback) const {
  return has(key) ? number(key) : fallback;
}

std::optional<double> YamlMap::optional_number(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return number(key);
}

double YamlMap::number_in(const std::string& key, double min, double max) const {
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

double YamlMap::number_in_or(const std::string& key, double min, double max,
                             double fallback) const {
  return has(key) ? number_in(key, min, max) : fallback;
}

std::int64_t YamlMap::integer_in(const std::string& key, std::int64_t min, std::int64_t max) const {
  const YAML::Node value = get(key);
  const std::string text = value.IsScalar() ? value.Scalar() : std::string();
  std::int64_t x = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    fail(key, "must be an integer, not '" + text + "'");
  }
  if (x < min || x > max) {
    fail(key, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], not " +
                  std::to_string(x));
  }
  return x;
}

std::int64_t YamlMap::integer_in_or(const std::string& key, std::int64_t min, std::int64_t max,
                                    std::int64_t fallback) const {
  return has(key) ? integer_in(key, min, max) : fallback;
}

std::string YamlMap::text(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value.IsScalar() || value.Scalar().empty()) fail(key, "must be a non-empty text");
  return value.Scalar();
}

std::string YamlMap::text_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? text(key) : fallback;
}

bool YamlMap::flag_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const YAML::Node value = get(key);
  const std::string text = value.IsScalar() ? value.Scalar() : std::string();
  if (text == "true") return true;
  if (text == "false") return false;
  fail(key, "must be true or false, not '" + text + "'");
}

YamlMap YamlMap::map(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value.IsMap()) fail(key, "must be a mapping of key: value");
  return YamlMap(value, file_, prefix_ + key + ".");
}

std::vector<double> YamlMap::numbers(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value.IsSequence()) fail(key, "must be a list of numbers, e.g. [1, 2]");
  std::vector<double> out;
  for (const YAML::Node& item : value) {
    const std::string text = item.IsScalar() ? item.Scalar() : std::string();
    double x = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
        !std::isfinite(x)) {
      throw ConfigError(file_, mark_line(item), prefix_ + key,
                        "list item '" + text + "' is not a finite number");
    }
    out.push_back(x);
  }
  return out;
}

std::vector<YAML::Node> YamlMap::sequence(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value.IsSequence()) fail(key, "must be a list");
  std::vector<YAML::Node> out;
  for (const YAML::Node& item : value) out.push_back(item);
  return out;
}

YamlMap YamlMap::item_map(const std::string& key, std::size_t index, const YAML::Node& item) const {
  const std::string name = prefix_ + key + "[" + std::to_string(index) + "]";
  if (!item.IsMap()) throw ConfigError(file_, mark_line(item), name, "must be a mapping");
  return YamlMap(item, file_, name + ".");
}

std::filesystem::path YamlMap::path(const std::string& key) const {
  const std::filesystem::path p = text(key);
  return p.is_absolute() ? p : file_.parent_path() / p;
}

void YamlMap::reject_unknown_keys() const {
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    if (used_.count(key) == 0) {
      throw ConfigError(file_, mark_line(it->first), prefix_ + key, "unknown key");
    }
  }
}

}  // namespace needlerig::rig::sim
