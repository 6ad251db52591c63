#pragma once
// Shared by the configuration tests: a file in a fresh temporary directory, and the check that a
// loader's ConfigError names the file, the line and the key.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "rig/config/config_error.hpp"

namespace needlerig::testing {

/// A file in a fresh temporary directory, removed at the end of the test.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : dir_(std::filesystem::temp_directory_path() /
             ("needlerig_sim_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    path_ = dir_ / name;
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path path_;
};

template <typename Load>
void check_error(Load load, const std::filesystem::path& file, std::size_t line,
                 const std::string& key) {
  try {
    load(file);
    FAIL("no error for " << file);
  } catch (const rig::config::ConfigError& e) {
    INFO(e.what());
    CHECK(e.file() == file);
    CHECK(e.line() == line);
    CHECK(e.key() == key);
    const std::string text = e.what();
    CHECK(text.find(file.string() + (line > 0 ? ":" + std::to_string(line) : std::string(":"))) ==
          0);
    if (!key.empty()) CHECK(text.find("key '" + key + "'") != std::string::npos);
  }
}

}  // namespace needlerig::testing
