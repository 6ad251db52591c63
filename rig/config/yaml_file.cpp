#include "rig/config/yaml_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <yaml-cpp/depthguard.h>

#include "rig/config/config_error.hpp"

namespace needlerig::rig::config {
namespace {

/// Closes a descriptor on every way out.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_text_file(const std::string& file) {
  // Not blocking on open: a FIFO or a terminal named as a config file must be refused, not waited
  // on. Only a regular file of bounded size is read; /dev/zero would otherwise be read for ever.
  const FileDescriptor in{::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (in.fd < 0) throw ConfigError(file, 0, "", std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(in.fd, &info) != 0) {
    throw ConfigError(file, 0, "", std::string("cannot be examined: ") + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    throw ConfigError(file, 0, "", "not a regular file (a configuration file must be one)");
  }
  if (info.st_size > static_cast<off_t>(kMaxConfigFileBytes)) {
    throw ConfigError(file, 0, "",
                      "is " + std::to_string(info.st_size) + " bytes; a configuration file may have "
                      "at most " + std::to_string(kMaxConfigFileBytes));
  }
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(in.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw ConfigError(file, 0, "", std::string("cannot read: ") + std::strerror(errno));
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > kMaxConfigFileBytes) {  // it grew while being read
      throw ConfigError(file, 0, "", "grew beyond " + std::to_string(kMaxConfigFileBytes) +
                                         " bytes while being read");
    }
  }
  return text;
}

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ConfigError(file, e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1, "",
                      "not valid YAML: nested too deeply (lists or mappings inside each other "
                      "hundreds of levels deep)");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1, "",
                      "not valid YAML: " + e.msg);
  }
}

YAML::Node load_yaml_file(const std::string& file) {
  return parse_yaml(read_text_file(file), file);
}

}  // namespace needlerig::rig::config
